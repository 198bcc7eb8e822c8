-- expect: prefer-timestamptz
CREATE TABLE visits (seen timestamp, at timestamp without time zone);
-- expect: nothing
CREATE TABLE visits2 (seen timestamptz, at timestamp with time zone);
