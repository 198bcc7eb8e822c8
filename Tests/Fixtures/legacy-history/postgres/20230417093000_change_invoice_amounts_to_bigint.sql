-- strata:up
ALTER TABLE invoices ALTER COLUMN amount_cents TYPE bigint;
ALTER TABLE invoice_line_items ALTER COLUMN unit_price_cents TYPE bigint;

-- strata:down
ALTER TABLE invoice_line_items ALTER COLUMN unit_price_cents TYPE integer;
ALTER TABLE invoices ALTER COLUMN amount_cents TYPE integer;
