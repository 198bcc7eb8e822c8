-- strata:up
-- SQLite cannot add a CHECK constraint to an existing table: rebuild it.
CREATE TABLE new_invoices (
    id INTEGER PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    number varchar(20) NOT NULL,
    amount_cents integer NOT NULL CHECK (amount_cents >= 0),
    currency char(3) NOT NULL DEFAULT 'USD',
    status varchar(20) NOT NULL DEFAULT 'draft',
    issued_on date,
    due_on date,
    paid_at datetime,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_invoices (id, account_id, number, amount_cents, currency, status, issued_on, due_on, paid_at, created_at, updated_at)
    SELECT id, account_id, number, amount_cents, currency, status, issued_on, due_on, paid_at, created_at, updated_at FROM invoices;
DROP TABLE invoices;
ALTER TABLE new_invoices RENAME TO invoices;
CREATE INDEX index_invoices_on_account_id ON invoices (account_id);
CREATE UNIQUE INDEX index_invoices_on_account_id_and_number ON invoices (account_id, number);

-- strata:down
CREATE TABLE new_invoices (
    id INTEGER PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    number varchar(20) NOT NULL,
    amount_cents integer NOT NULL,
    currency char(3) NOT NULL DEFAULT 'USD',
    status varchar(20) NOT NULL DEFAULT 'draft',
    issued_on date,
    due_on date,
    paid_at datetime,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_invoices (id, account_id, number, amount_cents, currency, status, issued_on, due_on, paid_at, created_at, updated_at)
    SELECT id, account_id, number, amount_cents, currency, status, issued_on, due_on, paid_at, created_at, updated_at FROM invoices;
DROP TABLE invoices;
ALTER TABLE new_invoices RENAME TO invoices;
CREATE INDEX index_invoices_on_account_id ON invoices (account_id);
CREATE UNIQUE INDEX index_invoices_on_account_id_and_number ON invoices (account_id, number);
