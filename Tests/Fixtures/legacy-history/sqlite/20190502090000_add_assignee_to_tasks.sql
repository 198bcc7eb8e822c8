-- strata:up
ALTER TABLE tasks ADD COLUMN assignee_id integer REFERENCES users (id);
CREATE INDEX index_tasks_on_assignee_id ON tasks (assignee_id);

-- strata:down
DROP INDEX index_tasks_on_assignee_id;
ALTER TABLE tasks DROP COLUMN assignee_id;
