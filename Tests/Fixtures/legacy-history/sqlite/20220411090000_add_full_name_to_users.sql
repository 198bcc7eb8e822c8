-- strata:up
ALTER TABLE users ADD COLUMN full_name varchar(200);
UPDATE users SET full_name = trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''));

-- strata:down
ALTER TABLE users DROP COLUMN full_name;
