SET lock_timeout = '1s';
-- expect: truncate
TRUNCATE events;
-- expect: truncate
TRUNCATE TABLE ONLY events RESTART IDENTITY;
-- expect: truncate-cascade
TRUNCATE accounts CASCADE;
-- expect: nothing
SELECT 'TRUNCATE accounts CASCADE';
