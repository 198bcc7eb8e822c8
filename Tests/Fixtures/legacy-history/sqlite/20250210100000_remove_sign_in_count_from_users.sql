-- strata:up
ALTER TABLE users DROP COLUMN sign_in_count;

-- strata:down
ALTER TABLE users ADD COLUMN sign_in_count integer NOT NULL DEFAULT 0;
