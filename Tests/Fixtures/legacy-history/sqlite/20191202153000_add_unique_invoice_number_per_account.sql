-- strata:up
CREATE UNIQUE INDEX index_invoices_on_account_id_and_number ON invoices (account_id, number);

-- strata:down
DROP INDEX index_invoices_on_account_id_and_number;
