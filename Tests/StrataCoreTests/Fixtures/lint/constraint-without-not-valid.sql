SET lock_timeout = '1s';
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD CHECK (amount >= 0);
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD COLUMN shop_id bigint REFERENCES shops (id);
-- expect: nothing
ALTER TABLE orders ADD CONSTRAINT orders_shop_fk FOREIGN KEY (shop_id) REFERENCES shops (id) NOT VALID;
-- expect: nothing
ALTER TABLE orders VALIDATE CONSTRAINT orders_shop_fk;
CREATE TABLE lines (id bigint, order_id bigint);
-- expect: nothing
ALTER TABLE lines ADD CONSTRAINT lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
