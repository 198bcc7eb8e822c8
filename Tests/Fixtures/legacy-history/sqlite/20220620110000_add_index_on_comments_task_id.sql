-- strata:up
CREATE INDEX index_comments_on_task_id_and_created_at ON comments (task_id, created_at);

-- strata:down
DROP INDEX index_comments_on_task_id_and_created_at;
