-- strata:up
ALTER TABLE users ADD COLUMN locale varchar(10) NOT NULL DEFAULT 'en';

-- strata:down
ALTER TABLE users DROP COLUMN locale;
