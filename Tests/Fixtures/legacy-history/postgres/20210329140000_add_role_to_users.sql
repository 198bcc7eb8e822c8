-- strata:up
ALTER TABLE users ADD COLUMN role varchar(20) NOT NULL DEFAULT 'member';
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('owner', 'admin', 'member', 'guest'));

-- strata:down
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users DROP COLUMN role;
