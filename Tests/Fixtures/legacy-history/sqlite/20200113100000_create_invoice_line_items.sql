-- strata:up
CREATE TABLE invoice_line_items (
    id INTEGER PRIMARY KEY,
    invoice_id integer NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description varchar(255) NOT NULL,
    quantity integer NOT NULL DEFAULT 1,
    unit_price_cents integer NOT NULL,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX index_invoice_line_items_on_invoice_id ON invoice_line_items (invoice_id);

-- strata:down
DROP TABLE invoice_line_items;
