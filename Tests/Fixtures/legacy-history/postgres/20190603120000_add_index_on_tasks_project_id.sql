-- strata:up
-- The project board got slow once the first customers had a few thousand tasks.
CREATE INDEX index_tasks_on_project_id ON tasks (project_id);

-- strata:down
DROP INDEX index_tasks_on_project_id;
