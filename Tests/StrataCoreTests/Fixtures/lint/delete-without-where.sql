-- expect: delete-without-where
DELETE FROM sessions;
-- expect: delete-without-where
WITH old AS (SELECT 1) DELETE FROM sessions;
-- expect: nothing
DELETE FROM sessions WHERE expires_at < now();
-- expect: nothing
DELETE FROM sessions USING users WHERE sessions.user_id = users.id AND users.banned;
-- expect: nothing
INSERT INTO audit (note) VALUES ('DELETE FROM sessions');
