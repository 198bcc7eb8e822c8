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
-- expect: delete-without-where
WITH gone AS (DELETE FROM sessions RETURNING id) SELECT count(*) FROM gone;
-- expect: nothing
WITH gone AS (DELETE FROM sessions WHERE expires_at < now() RETURNING id) SELECT count(*) FROM gone;
-- expect: nothing
CREATE RULE no_delete AS ON DELETE TO users DO INSTEAD DELETE FROM audit;
-- expect: nothing
CREATE FUNCTION purge() RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM sessions; END;
-- expect: nothing
ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;
