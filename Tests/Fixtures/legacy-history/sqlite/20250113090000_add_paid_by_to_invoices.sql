-- strata:up
ALTER TABLE invoices ADD COLUMN paid_by_user_id integer REFERENCES users (id) ON DELETE SET NULL;

-- strata:down
ALTER TABLE invoices DROP COLUMN paid_by_user_id;
