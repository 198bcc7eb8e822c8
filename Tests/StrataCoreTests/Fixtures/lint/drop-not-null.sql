SET lock_timeout = '1s';
-- expect: drop-not-null
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
-- expect: nothing
ALTER TABLE users ALTER COLUMN email DROP DEFAULT;
