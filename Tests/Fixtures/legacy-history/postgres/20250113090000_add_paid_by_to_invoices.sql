-- strata:up
ALTER TABLE invoices ADD COLUMN paid_by_user_id integer;
ALTER TABLE invoices ADD CONSTRAINT invoices_paid_by_user_id_fkey FOREIGN KEY (paid_by_user_id) REFERENCES users (id) ON DELETE SET NULL;

-- strata:down
ALTER TABLE invoices DROP CONSTRAINT invoices_paid_by_user_id_fkey;
ALTER TABLE invoices DROP COLUMN paid_by_user_id;
