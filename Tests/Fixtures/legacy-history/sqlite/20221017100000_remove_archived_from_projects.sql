-- strata:up
ALTER TABLE projects DROP COLUMN archived;

-- strata:down
ALTER TABLE projects ADD COLUMN archived boolean NOT NULL DEFAULT 0;
UPDATE projects SET archived = 1 WHERE archived_at IS NOT NULL;
