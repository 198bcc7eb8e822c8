-- strata:up
ALTER TABLE users ALTER COLUMN email TYPE text;

-- strata:down
ALTER TABLE users ALTER COLUMN email TYPE varchar(255);
