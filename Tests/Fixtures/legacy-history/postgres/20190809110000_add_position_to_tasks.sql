-- strata:up
ALTER TABLE tasks ADD COLUMN position integer NOT NULL DEFAULT 0;
-- Keep the current order (creation order) for existing boards.
UPDATE tasks SET position = id;

-- strata:down
ALTER TABLE tasks DROP COLUMN position;
