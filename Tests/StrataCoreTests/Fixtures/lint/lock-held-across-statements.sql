SET lock_timeout = '1s';
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
-- expect: nothing
ALTER TABLE orders ADD COLUMN note2 text;
COMMIT;
-- expect: nothing
UPDATE customers SET tier = 'gold' WHERE spent > 1000;
BEGIN;
CREATE TABLE fresh (id bigint);
ALTER TABLE fresh ADD COLUMN a text;
-- expect: nothing
UPDATE customers SET tier = 'basic' WHERE id = 1;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_check;
-- expect: nothing
UPDATE customers SET tier = 'silver' WHERE id = 2;
COMMIT;
BEGIN;
ALTER TABLE invoices ADD COLUMN paid boolean;
-- expect: lock-held-across-statements
UPDATE payments SET settled = true WHERE settled IS NULL;
COMMIT;
