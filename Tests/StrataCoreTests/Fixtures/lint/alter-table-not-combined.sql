SET lock_timeout = '1s';
ALTER TABLE users ADD COLUMN a text;
-- expect: alter-table-not-combined
ALTER TABLE users ADD COLUMN b text;
-- expect: nothing
ALTER TABLE accounts ADD COLUMN c text;
ALTER TABLE orders ADD CONSTRAINT orders_total_nn CHECK (total IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nn;
-- expect: nothing
ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
CREATE TABLE fresh (id bigint);
ALTER TABLE fresh ADD COLUMN a text;
-- expect: nothing
ALTER TABLE fresh ADD COLUMN b text;
UPDATE accounts SET c = '' WHERE c IS NULL;
-- expect: nothing
ALTER TABLE accounts ADD COLUMN d text;
