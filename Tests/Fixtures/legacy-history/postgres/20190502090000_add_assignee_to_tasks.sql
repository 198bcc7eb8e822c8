-- strata:up
ALTER TABLE tasks ADD COLUMN assignee_id integer;
ALTER TABLE tasks ADD CONSTRAINT fk_tasks_assignee_id FOREIGN KEY (assignee_id) REFERENCES users (id);
CREATE INDEX index_tasks_on_assignee_id ON tasks (assignee_id);

-- strata:down
DROP INDEX index_tasks_on_assignee_id;
ALTER TABLE tasks DROP CONSTRAINT fk_tasks_assignee_id;
ALTER TABLE tasks DROP COLUMN assignee_id;
