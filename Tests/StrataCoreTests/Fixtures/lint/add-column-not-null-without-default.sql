SET lock_timeout = '1s';
-- expect: add-column-not-null-without-default
ALTER TABLE users ADD COLUMN age integer NOT NULL;
-- expect: nothing
ALTER TABLE users ADD COLUMN score integer NOT NULL DEFAULT 0;
-- expect: nothing
ALTER TABLE users ADD COLUMN nickname text;
-- expect: nothing
ALTER TABLE users ADD COLUMN id2 bigint NOT NULL GENERATED ALWAYS AS IDENTITY;
CREATE TABLE things (id bigint);
-- expect: nothing
ALTER TABLE things ADD COLUMN name text NOT NULL;
