-- strata:up
ALTER TABLE invoices ADD CONSTRAINT invoices_amount_cents_check CHECK (amount_cents >= 0);

-- strata:down
ALTER TABLE invoices DROP CONSTRAINT invoices_amount_cents_check;
