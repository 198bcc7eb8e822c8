-- strata:up
-- full_name has been written by the app since 2022-04-11 and read since 2022-04-19.
ALTER TABLE users DROP COLUMN first_name;
ALTER TABLE users DROP COLUMN last_name;

-- strata:down
ALTER TABLE users ADD COLUMN first_name varchar(100);
ALTER TABLE users ADD COLUMN last_name varchar(100);
