SET lock_timeout = '1s';
-- expect: nothing
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
BEGIN;
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY users_name_idx ON users (name);
-- expect: concurrently-in-transaction
DROP INDEX CONCURRENTLY users_old_idx;
COMMIT;
-- expect: nothing
DROP INDEX CONCURRENTLY users_older_idx;
