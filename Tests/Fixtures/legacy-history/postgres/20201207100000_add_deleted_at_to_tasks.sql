-- strata:up
ALTER TABLE tasks ADD COLUMN deleted_at timestamp;
CREATE INDEX index_tasks_on_deleted_at ON tasks (deleted_at);

-- strata:down
DROP INDEX index_tasks_on_deleted_at;
ALTER TABLE tasks DROP COLUMN deleted_at;
