-- expect: vacuum-full
VACUUM FULL events;
-- expect: vacuum-full
VACUUM (FULL, VERBOSE) events;
-- expect: nothing
VACUUM ANALYZE events;
