SET lock_timeout = '1s';
-- expect: drop-column
ALTER TABLE users DROP COLUMN legacy;
-- expect: drop-column
ALTER TABLE users ADD COLUMN note text, DROP legacy_two;
-- expect: nothing
ALTER TABLE users DROP CONSTRAINT users_legacy_check;
CREATE TABLE fresh (id bigint, tmp text);
-- expect: nothing
ALTER TABLE fresh DROP COLUMN tmp;
-- expect: nothing
UPDATE notes SET body = 'ALTER TABLE users DROP COLUMN x' WHERE id = 1;
