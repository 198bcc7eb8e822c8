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
