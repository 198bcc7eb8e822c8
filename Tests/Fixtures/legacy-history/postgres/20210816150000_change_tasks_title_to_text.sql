-- strata:up
ALTER TABLE tasks ALTER COLUMN title TYPE text;

-- strata:down
ALTER TABLE tasks ALTER COLUMN title TYPE varchar(255);
