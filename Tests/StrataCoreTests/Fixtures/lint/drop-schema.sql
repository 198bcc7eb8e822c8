SET lock_timeout = '1s';
-- expect: drop-schema
DROP SCHEMA reporting CASCADE;
-- expect: nothing
CREATE SCHEMA IF NOT EXISTS reporting;
-- expect: nothing
DO $$ BEGIN EXECUTE 'DROP SCHEMA reporting'; END $$;
