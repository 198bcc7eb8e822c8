-- strata:up
ALTER TABLE tasks ADD COLUMN completed_at datetime;

-- strata:down
ALTER TABLE tasks DROP COLUMN completed_at;
