-- strata:up
CREATE TABLE invoices (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    number varchar(20) NOT NULL,
    amount_cents integer NOT NULL,
    currency char(3) NOT NULL DEFAULT 'USD',
    status varchar(20) NOT NULL DEFAULT 'draft',
    issued_on date,
    due_on date,
    paid_at timestamp,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX index_invoices_on_account_id ON invoices (account_id);

-- strata:down
DROP TABLE invoices;
