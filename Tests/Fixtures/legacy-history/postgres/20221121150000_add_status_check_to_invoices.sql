-- strata:up
ALTER TABLE invoices
    ADD CONSTRAINT invoices_status_check
    CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible'));

-- strata:down
ALTER TABLE invoices DROP CONSTRAINT invoices_status_check;
