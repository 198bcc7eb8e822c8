SET lock_timeout = '1s';
-- expect: prefer-bigint
CREATE TABLE counters (id integer PRIMARY KEY, hits bigint);
-- expect: prefer-bigint
ALTER TABLE users ADD COLUMN age int;
-- expect: nothing
CREATE TABLE good (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "int" text);
