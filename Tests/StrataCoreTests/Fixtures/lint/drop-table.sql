SET lock_timeout = '1s';
-- expect: drop-table
DROP TABLE users;
-- expect: drop-table
DROP TABLE IF EXISTS public."Order Details";
CREATE TABLE scratch (id bigint);
-- expect: nothing
DROP TABLE scratch;
-- expect: nothing
/* DROP TABLE users; */ SELECT 1;
-- expect: nothing
CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $body$ DROP TABLE users $body$;
-- expect: drop-table
DROP TABLE scratch, users;
