-- expect: update-without-where
UPDATE users SET active = true;
-- expect: nothing
UPDATE users SET active = true WHERE id < 1000;
-- expect: nothing
INSERT INTO settings (key, value) VALUES ('a', 'b') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
-- expect: nothing
SELECT * FROM jobs FOR UPDATE SKIP LOCKED;
-- expect: nothing
CREATE TRIGGER touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
-- expect: nothing
ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE SET NULL NOT VALID;
-- expect: nothing
MERGE INTO users u USING incoming i ON u.id = i.id WHEN MATCHED THEN UPDATE SET name = i.name;
-- expect: update-without-where
UPDATE OR IGNORE users SET active = true;
-- expect: update-without-where
WITH moved AS (UPDATE users SET active = false RETURNING id) SELECT count(*) FROM moved;
-- expect: nothing
WITH moved AS (UPDATE users SET active = false WHERE id = 1 RETURNING id) SELECT count(*) FROM moved;
-- expect: nothing
CREATE RULE keep AS ON UPDATE TO users DO INSTEAD UPDATE audit SET touched = true;
-- expect: nothing
GRANT UPDATE ON users TO app;
