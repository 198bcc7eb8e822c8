-- strata:up
DROP INDEX index_tasks_on_deleted_at;
CREATE INDEX index_tasks_on_project_id_not_deleted ON tasks (project_id, position) WHERE deleted_at IS NULL;

-- strata:down
DROP INDEX index_tasks_on_project_id_not_deleted;
CREATE INDEX index_tasks_on_deleted_at ON tasks (deleted_at);
