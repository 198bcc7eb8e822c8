CREATE TABLE customers (id bigint PRIMARY KEY);
-- expect: foreign-key-without-index
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), parent_id bigint);
-- expect: nothing
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), order_id bigint);
CREATE INDEX invoices_customer_idx ON invoices (customer_id);
-- expect: foreign-key-without-index
CREATE TABLE payments (id bigint PRIMARY KEY, customer_id bigint, FOREIGN KEY (customer_id) REFERENCES customers (id));
CREATE INDEX payments_customer_partial_idx ON payments (customer_id) WHERE customer_id IS NOT NULL;
-- expect: nothing
CREATE TABLE lines (order_id bigint REFERENCES orders (id), n bigint, PRIMARY KEY (order_id, n));
SET lock_timeout = '1s';
-- expect: foreign-key-without-index
ALTER TABLE orders ADD CONSTRAINT orders_parent_fk FOREIGN KEY (parent_id) REFERENCES orders (id) NOT VALID;
-- expect: nothing
ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id, customer_id) REFERENCES orders (id, customer_id) NOT VALID;
CREATE INDEX CONCURRENTLY invoices_order_idx ON invoices (customer_id, order_id);
