CREATE TABLE fresh (id bigint);
-- expect: nothing
ALTER TABLE fresh ADD COLUMN note text;
-- expect: ddl-without-lock-timeout
ALTER TABLE users ADD COLUMN note text;
-- expect: nothing
ALTER TABLE users ADD COLUMN note2 text;
