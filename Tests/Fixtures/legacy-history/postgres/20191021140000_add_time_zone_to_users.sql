-- strata:up
ALTER TABLE users ADD COLUMN time_zone varchar(50) DEFAULT 'UTC';

-- strata:down
ALTER TABLE users DROP COLUMN time_zone;
