-- strata:up
ALTER TABLE invoices ADD CONSTRAINT invoices_account_id_number_key UNIQUE (account_id, number);

-- strata:down
ALTER TABLE invoices DROP CONSTRAINT invoices_account_id_number_key;
