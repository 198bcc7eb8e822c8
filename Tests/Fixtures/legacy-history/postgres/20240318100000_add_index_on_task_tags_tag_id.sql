-- strata:up
CREATE INDEX IF NOT EXISTS index_task_tags_on_tag_id ON task_tags (tag_id);

-- strata:down
DROP INDEX IF EXISTS index_task_tags_on_tag_id;
