SET lock_timeout = '1s';
-- expect: set-not-null
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- expect: nothing
ALTER TABLE users ADD CONSTRAINT email_not_null CHECK (email IS NOT NULL) NOT VALID;
-- expect: nothing
ALTER TABLE users ALTER COLUMN email SET DEFAULT 'none';
