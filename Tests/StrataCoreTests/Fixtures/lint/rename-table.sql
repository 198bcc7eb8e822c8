SET lock_timeout = '1s';
-- expect: rename-table
ALTER TABLE users RENAME TO accounts;
-- expect: nothing
ALTER TABLE accounts RENAME CONSTRAINT users_pkey TO accounts_pkey;
