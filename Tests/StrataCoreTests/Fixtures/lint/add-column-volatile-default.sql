SET lock_timeout = '1s';
-- expect: add-column-volatile-default
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- expect: add-column-volatile-default
ALTER TABLE users ADD COLUMN seq bigserial;
-- expect: nothing
ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();
-- expect: nothing
ALTER TABLE users ADD COLUMN flag boolean DEFAULT false;
-- expect: nothing
ALTER TABLE users ADD COLUMN label text DEFAULT 'random()';
-- expect: nothing
ALTER TABLE users ADD COLUMN price numeric(10,2) DEFAULT 0::numeric(10,2);
-- expect: nothing
ALTER TABLE users ADD COLUMN prefs jsonb DEFAULT jsonb_build_object('theme', 'dark');
-- expect: nothing
ALTER TABLE users ADD COLUMN code varchar DEFAULT CAST('x' AS varchar(10));
-- expect: add-column-volatile-default
ALTER TABLE users ADD COLUMN big_id bigint GENERATED ALWAYS AS IDENTITY;
-- expect: add-column-volatile-default
ALTER TABLE users ADD COLUMN total bigint GENERATED ALWAYS AS (a + b) STORED;
