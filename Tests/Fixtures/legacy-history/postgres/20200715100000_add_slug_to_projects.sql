-- strata:up
ALTER TABLE projects ADD COLUMN slug varchar(100);

-- strata:down
ALTER TABLE projects DROP COLUMN slug;
