-- strata:up
-- A rental store, in the shape of Sakila's SQLite port: 16 tables, 10 views, 22 triggers (one
-- "touch last_update" per table among them), checks, mixed-case and spaced names. The transfer
-- tests load it into SQLite and move it to PostgreSQL.
CREATE TABLE country (country_id INTEGER PRIMARY KEY, country VARCHAR(50) NOT NULL, last_update TIMESTAMP);
CREATE TABLE city (city_id INTEGER PRIMARY KEY, city VARCHAR(50) NOT NULL, country_id SMALLINT NOT NULL REFERENCES country (country_id), last_update TIMESTAMP);
CREATE TABLE address (address_id INTEGER PRIMARY KEY, address VARCHAR(50) NOT NULL, district VARCHAR(20), city_id INT NOT NULL REFERENCES city (city_id),
  postal_code VARCHAR(10), phone VARCHAR(20) NOT NULL CHECK (length(phone) >= 7), last_update TIMESTAMP);
CREATE TABLE language (language_id INTEGER PRIMARY KEY, name CHAR(20) NOT NULL, last_update TIMESTAMP);
CREATE TABLE category (category_id INTEGER PRIMARY KEY, name VARCHAR(25) NOT NULL UNIQUE, last_update TIMESTAMP);
CREATE TABLE actor (actor_id INTEGER PRIMARY KEY, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL, last_update TIMESTAMP);
CREATE TABLE film (
  film_id INTEGER PRIMARY KEY, title VARCHAR(255) NOT NULL, description TEXT, release_year VARCHAR(4),
  language_id SMALLINT NOT NULL REFERENCES language (language_id), rental_duration SMALLINT NOT NULL DEFAULT 3,
  rental_rate DECIMAL(4,2) NOT NULL DEFAULT 4.99, length SMALLINT, replacement_cost DECIMAL(5,2) NOT NULL DEFAULT 19.99,
  rating VARCHAR(10) DEFAULT 'G', special_features VARCHAR(100), last_update TIMESTAMP,
  CONSTRAINT CHECK_special_rating CHECK (rating IN ('G','PG','PG-13','R','NC-17')),
  CHECK ([rental_rate] >= (0)), CHECK (`length` IS NULL OR "length" > 0));
CREATE TABLE film_actor (actor_id INT NOT NULL REFERENCES actor (actor_id) ON DELETE CASCADE, film_id INT NOT NULL REFERENCES film (film_id) ON DELETE CASCADE,
  last_update TIMESTAMP, PRIMARY KEY (actor_id, film_id));
CREATE TABLE film_category (film_id INT NOT NULL REFERENCES film (film_id), category_id SMALLINT NOT NULL REFERENCES category (category_id),
  last_update TIMESTAMP, PRIMARY KEY (film_id, category_id));
CREATE TABLE "Store" (StoreID INTEGER PRIMARY KEY, ManagerStaffID INT, AddressID INT NOT NULL REFERENCES address (address_id), LastUpdate TIMESTAMP);
CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL, address_id INT NOT NULL REFERENCES address (address_id),
  email VARCHAR(50), store_id INT NOT NULL REFERENCES "Store" (StoreID), active BOOLEAN NOT NULL DEFAULT 1, username VARCHAR(16) NOT NULL,
  last_update TIMESTAMP);
CREATE TABLE "Customer Accounts" ("Customer ID" INTEGER PRIMARY KEY, store_id INT NOT NULL REFERENCES "Store" (StoreID), first_name VARCHAR(45) NOT NULL,
  last_name VARCHAR(45) NOT NULL, email VARCHAR(50) CHECK (email LIKE '%@%'), address_id INT NOT NULL REFERENCES address (address_id),
  active CHAR(1) NOT NULL DEFAULT 'Y', create_date TIMESTAMP NOT NULL, last_update TIMESTAMP);
CREATE TABLE inventory (inventory_id INTEGER PRIMARY KEY, film_id INT NOT NULL REFERENCES film (film_id), store_id INT NOT NULL REFERENCES "Store" (StoreID),
  last_update TIMESTAMP);
CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, rental_date TIMESTAMP NOT NULL, inventory_id INT NOT NULL REFERENCES inventory (inventory_id),
  customer_id INT NOT NULL REFERENCES "Customer Accounts" ("Customer ID"), return_date TIMESTAMP, staff_id SMALLINT NOT NULL REFERENCES staff (staff_id),
  last_update TIMESTAMP, CHECK (return_date IS NULL OR return_date >= rental_date));
CREATE TABLE payment (payment_id INTEGER PRIMARY KEY, customer_id INT NOT NULL REFERENCES "Customer Accounts" ("Customer ID"),
  staff_id SMALLINT NOT NULL REFERENCES staff (staff_id), rental_id INT REFERENCES rental (rental_id), amount DECIMAL(5,2) NOT NULL,
  payment_date TIMESTAMP NOT NULL, last_update TIMESTAMP, CHECK (amount >= 0));
CREATE TABLE customer_archive (customer_id INTEGER, email VARCHAR(50), archived_at TIMESTAMP);
CREATE INDEX idx_actor_last_name ON actor (last_name);
CREATE INDEX idx_film_title_lower ON film (lower(title));
CREATE INDEX idx_rental_open ON rental (inventory_id) WHERE return_date IS NULL;
CREATE UNIQUE INDEX [idx customer email] ON "Customer Accounts" (email) WHERE email IS NOT NULL;

-- Views: joins, aggregates, group_concat, strftime grouping, julianday, views on views, spaced names.
CREATE VIEW customer_list AS
SELECT cu."Customer ID" AS ID, cu.first_name || ' ' || cu.last_name AS name, a.address AS address, a.postal_code AS "zip code",
  a.phone AS phone, city.city AS city, country.country AS country, CASE WHEN cu.active = 'Y' THEN 'active' ELSE '' END AS notes, cu.store_id AS SID
FROM "Customer Accounts" AS cu JOIN address AS a ON cu.address_id = a.address_id JOIN city ON a.city_id = city.city_id
  JOIN country ON city.country_id = country.country_id;
CREATE VIEW film_list AS
SELECT film.film_id AS FID, film.title AS title, film.description AS description, category.name AS category, film.rental_rate AS price,
  film.length AS length, film.rating AS rating
FROM category LEFT JOIN film_category ON category.category_id = film_category.category_id
  LEFT JOIN film ON film_category.film_id = film.film_id;
CREATE VIEW actor_info AS
SELECT a.actor_id, a.first_name, a.last_name, count(DISTINCT fa.film_id) AS film_count, max(f.title) AS last_title
FROM actor a LEFT JOIN film_actor fa ON fa.actor_id = a.actor_id LEFT JOIN film f ON f.film_id = fa.film_id
GROUP BY a.actor_id, a.first_name, a.last_name;
CREATE VIEW sales_by_store AS
SELECT s.StoreID AS store_id, c.city || ',' || cy.country AS store, m.first_name || ' ' || m.last_name AS manager, round(sum(p.amount), 2) AS total_sales
FROM payment AS p INNER JOIN rental AS r ON p.rental_id = r.rental_id INNER JOIN inventory AS i ON r.inventory_id = i.inventory_id
  INNER JOIN "Store" AS s ON i.store_id = s.StoreID INNER JOIN address AS a ON s.AddressID = a.address_id
  INNER JOIN city AS c ON a.city_id = c.city_id INNER JOIN country AS cy ON c.country_id = cy.country_id
  INNER JOIN staff AS m ON s.ManagerStaffID = m.staff_id
GROUP BY s.StoreID, c.city, cy.country, m.first_name, m.last_name;
CREATE VIEW sales_by_film_category AS
SELECT c.name AS category, round(sum(p.amount), 2) AS total_sales
FROM payment AS p INNER JOIN rental AS r ON p.rental_id = r.rental_id INNER JOIN inventory AS i ON r.inventory_id = i.inventory_id
  INNER JOIN film AS f ON i.film_id = f.film_id INNER JOIN film_category AS fc ON f.film_id = fc.film_id
  INNER JOIN category AS c ON fc.category_id = c.category_id
GROUP BY c.name;
CREATE VIEW staff_list AS
SELECT s.staff_id AS ID, s.first_name || ' ' || s.last_name AS name, a.address AS address, a.phone AS phone, s.store_id AS SID,
  iif(s.active, 'active', 'inactive') AS status
FROM staff AS s JOIN address AS a ON s.address_id = a.address_id;
CREATE VIEW rentals_by_month AS
SELECT strftime('%Y-%m', rental_date) AS month, count(*) AS rentals, sum(CASE WHEN return_date IS NULL THEN 1 ELSE 0 END) AS open
FROM rental GROUP BY strftime('%Y-%m', rental_date);
CREATE VIEW overdue_rentals AS
SELECT r.rental_id, cu.email, f.title, CAST(julianday('2024-06-30') - julianday(r.rental_date) AS INTEGER) AS days_out
FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id
  JOIN "Customer Accounts" cu ON cu."Customer ID" = r.customer_id
WHERE r.return_date IS NULL AND julianday('2024-06-30') - julianday(r.rental_date) > f.rental_duration;
CREATE VIEW "Top Customers" AS
SELECT ID, name, (SELECT round(sum(amount), 2) FROM payment WHERE payment.customer_id = customer_list.ID) AS spent
FROM customer_list WHERE (SELECT count(*) FROM payment WHERE customer_id = customer_list.ID) >= 2;
CREATE VIEW category_summary AS
SELECT category, count(*) AS films, round(avg(price), 2) AS average_price, group_concat(DISTINCT rating) IS NOT NULL AS rated
FROM film_list WHERE category IS NOT NULL GROUP BY category;

-- The "touch last_update" triggers, Sakila style, one per table.
CREATE TRIGGER country_update AFTER UPDATE ON country FOR EACH ROW BEGIN UPDATE country SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER city_update AFTER UPDATE ON city FOR EACH ROW BEGIN UPDATE city SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER address_update AFTER UPDATE ON address FOR EACH ROW BEGIN UPDATE address SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER language_update AFTER UPDATE ON language FOR EACH ROW BEGIN UPDATE language SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER category_update AFTER UPDATE ON category FOR EACH ROW BEGIN UPDATE category SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER actor_update AFTER UPDATE ON actor FOR EACH ROW BEGIN UPDATE actor SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER film_update AFTER UPDATE ON film FOR EACH ROW BEGIN UPDATE film SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER film_actor_update AFTER UPDATE ON film_actor FOR EACH ROW BEGIN UPDATE film_actor SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER film_category_update AFTER UPDATE ON film_category FOR EACH ROW BEGIN UPDATE film_category SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER store_update AFTER UPDATE ON "Store" FOR EACH ROW BEGIN UPDATE "Store" SET LastUpdate = DATETIME('NOW') WHERE StoreID = NEW.StoreID; END;
CREATE TRIGGER staff_update AFTER UPDATE ON staff FOR EACH ROW BEGIN UPDATE staff SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER customer_update AFTER UPDATE ON "Customer Accounts" FOR EACH ROW BEGIN UPDATE "Customer Accounts" SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER inventory_update AFTER UPDATE ON inventory FOR EACH ROW BEGIN UPDATE inventory SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER rental_update AFTER UPDATE ON rental FOR EACH ROW BEGIN UPDATE rental SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
CREATE TRIGGER payment_update AFTER UPDATE ON payment FOR EACH ROW BEGIN UPDATE payment SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END;
-- And the others an application keeps.
CREATE TRIGGER customer_create BEFORE INSERT ON "Customer Accounts" WHEN NEW.email IS NOT NULL AND instr(NEW.email, ' ') > 0
BEGIN SELECT RAISE(ABORT, 'an email has no spaces'); END;
CREATE TRIGGER customer_delete AFTER DELETE ON "Customer Accounts" BEGIN
  INSERT INTO customer_archive (customer_id, email, archived_at) VALUES (OLD."Customer ID", OLD.email, datetime('now'));
END;
CREATE TRIGGER payment_refund BEFORE UPDATE OF amount ON payment FOR EACH ROW WHEN NEW.amount < OLD.amount
BEGIN SELECT CASE WHEN NEW.amount < 0 THEN RAISE(ABORT, 'a refund cannot exceed the payment') END; END;
CREATE TRIGGER rental_return AFTER UPDATE OF return_date ON rental FOR EACH ROW WHEN OLD.return_date IS NULL AND NEW.return_date IS NOT NULL
BEGIN INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date) VALUES (NEW.customer_id, NEW.staff_id, NEW.rental_id, 0.99, NEW.return_date); END;
CREATE TRIGGER inventory_guard BEFORE DELETE ON inventory FOR EACH ROW
BEGIN SELECT RAISE(ABORT, 'the copy is rented out') WHERE EXISTS (SELECT 1 FROM rental WHERE inventory_id = OLD.inventory_id AND return_date IS NULL); END;
CREATE TRIGGER film_list_insert INSTEAD OF INSERT ON film_list BEGIN
  INSERT INTO film (film_id, title, description, language_id, rental_rate, length, rating) VALUES (NEW.FID, NEW.title, NEW.description, 1, NEW.price, NEW.length, NEW.rating);
END;
CREATE TRIGGER staff_email AFTER INSERT ON staff FOR EACH ROW WHEN NEW.email IS NULL BEGIN
  UPDATE staff SET email = lower(NEW.first_name || '.' || NEW.last_name) || '@example.com' WHERE staff_id = NEW.staff_id;
END;
