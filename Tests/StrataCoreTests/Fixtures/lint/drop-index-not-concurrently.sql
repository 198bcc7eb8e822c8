SET lock_timeout = '1s';
-- expect: drop-index-not-concurrently
DROP INDEX users_email_idx;
-- expect: nothing
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
-- expect: nothing
-- DROP INDEX users_email_idx;
SELECT 1;
