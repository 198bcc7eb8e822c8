-- strata:up
ALTER TABLE tasks ADD COLUMN completed_at timestamp;

-- strata:down
ALTER TABLE tasks DROP COLUMN completed_at;
