-- strata:up
ALTER TABLE projects ADD COLUMN archived_at datetime;
UPDATE projects SET archived_at = updated_at WHERE archived;

-- strata:down
ALTER TABLE projects DROP COLUMN archived_at;
