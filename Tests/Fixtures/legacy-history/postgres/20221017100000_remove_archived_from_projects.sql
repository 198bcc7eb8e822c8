-- strata:up
ALTER TABLE projects DROP COLUMN archived;

-- strata:down
ALTER TABLE projects ADD COLUMN archived boolean NOT NULL DEFAULT false;
UPDATE projects SET archived = true WHERE archived_at IS NOT NULL;
