-- strata:up
ALTER TABLE users ADD COLUMN role varchar(20) NOT NULL DEFAULT 'member'
    CHECK (role IN ('owner', 'admin', 'member', 'guest'));

-- strata:down
ALTER TABLE users DROP COLUMN role;
