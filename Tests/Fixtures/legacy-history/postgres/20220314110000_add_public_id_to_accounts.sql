-- strata:up
ALTER TABLE accounts ADD COLUMN public_id uuid;
UPDATE accounts SET public_id = gen_random_uuid();
ALTER TABLE accounts ALTER COLUMN public_id SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN public_id SET DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX index_accounts_on_public_id ON accounts (public_id);

-- strata:down
DROP INDEX index_accounts_on_public_id;
ALTER TABLE accounts DROP COLUMN public_id;
