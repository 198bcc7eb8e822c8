-- expect: prefer-jsonb
CREATE TABLE events (id bigint PRIMARY KEY, payload json);
-- expect: nothing
CREATE TABLE events2 (id bigint PRIMARY KEY, payload jsonb, json_text text);
SET lock_timeout = '1s';
-- expect: prefer-jsonb
ALTER TABLE events ADD COLUMN extra json;
-- expect: prefer-jsonb
ALTER TABLE events ALTER COLUMN payload TYPE json;
-- expect: nothing
ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;
-- expect: nothing
SELECT '{"a": 1}'::json;
