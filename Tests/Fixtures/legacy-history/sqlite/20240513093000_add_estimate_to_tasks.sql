-- strata:up
ALTER TABLE tasks ADD COLUMN estimate_minutes integer;

-- strata:down
ALTER TABLE tasks DROP COLUMN estimate_minutes;
