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
