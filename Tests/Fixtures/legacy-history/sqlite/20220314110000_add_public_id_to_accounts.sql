-- strata:up
ALTER TABLE accounts ADD COLUMN public_id varchar(32);
UPDATE accounts SET public_id = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX index_accounts_on_public_id ON accounts (public_id);

-- strata:down
DROP INDEX index_accounts_on_public_id;
ALTER TABLE accounts DROP COLUMN public_id;
