SET lock_timeout = '1s';
-- expect: set-not-null
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- expect: nothing
ALTER TABLE users ADD CONSTRAINT email_not_null CHECK (email IS NOT NULL) NOT VALID;
-- expect: nothing
ALTER TABLE users ALTER COLUMN email SET DEFAULT 'none';
-- expect: nothing
ALTER TABLE users VALIDATE CONSTRAINT email_not_null;
-- expect: nothing
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT phone_not_null CHECK (phone IS NOT NULL) NOT VALID;
-- expect: set-not-null
ALTER TABLE users ALTER COLUMN phone SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_total_nn CHECK ("total" IS NOT NULL);
-- expect: nothing
ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
