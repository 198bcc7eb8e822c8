SET lock_timeout = '1s';
-- expect: drop-database
DROP DATABASE scratch;
-- expect: drop-database
drop database if exists "Old DB";
-- expect: nothing
SELECT 'DROP DATABASE scratch';
-- expect: nothing
COMMENT ON DATABASE current_db IS 'never DROP DATABASE here';
