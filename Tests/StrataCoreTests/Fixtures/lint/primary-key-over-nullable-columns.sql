SET lock_timeout = '1s';
CREATE UNIQUE INDEX CONCURRENTLY accounts_uuid_idx ON accounts (uuid);
-- expect: primary-key-over-nullable-columns
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_uuid_idx;
CREATE UNIQUE INDEX CONCURRENTLY orders_uuid_idx ON orders (uuid);
ALTER TABLE orders ADD CONSTRAINT orders_uuid_not_null CHECK (uuid IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_uuid_not_null;
ALTER TABLE orders ALTER COLUMN uuid SET NOT NULL;
-- expect: nothing
ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_uuid_idx;
CREATE UNIQUE INDEX CONCURRENTLY tags_name_idx ON tags (name);
-- expect: nothing
ALTER TABLE tags ADD CONSTRAINT tags_name_key UNIQUE USING INDEX tags_name_idx;
