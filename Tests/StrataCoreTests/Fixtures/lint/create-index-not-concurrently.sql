SET lock_timeout = '1s';
-- expect: create-index-not-concurrently
CREATE INDEX users_email_idx ON users (email);
-- expect: create-index-not-concurrently
CREATE UNIQUE INDEX IF NOT EXISTS users_handle_key ON public.users USING btree (lower(handle));
-- expect: nothing
CREATE INDEX CONCURRENTLY users_name_idx ON users (name);
CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);
-- expect: nothing
CREATE INDEX posts_user_idx ON posts (user_id);
-- expect: nothing
SELECT 'CREATE INDEX x ON users (y)';
-- expect: nothing
CREATE INDEX measurements_day_idx ON ONLY measurements (day);
CREATE TABLE IF NOT EXISTS users (id bigint);
-- expect: create-index-not-concurrently
CREATE INDEX users_id_idx ON users (id);
CREATE TABLE app.accounts (id bigint);
-- expect: create-index-not-concurrently
CREATE INDEX accounts_id_idx ON billing.accounts (id);
-- expect: nothing
CREATE INDEX accounts_id_idx2 ON app.accounts (id);
