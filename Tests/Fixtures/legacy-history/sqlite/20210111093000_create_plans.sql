-- strata:up
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    code varchar(30) NOT NULL UNIQUE,
    name varchar(100) NOT NULL,
    monthly_price_cents integer NOT NULL,
    max_users integer,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO plans (code, name, monthly_price_cents, max_users) VALUES ('free', 'Free', 0, 3);
INSERT INTO plans (code, name, monthly_price_cents, max_users) VALUES ('starter', 'Starter', 900, 10);
INSERT INTO plans (code, name, monthly_price_cents, max_users) VALUES ('business', 'Business', 2900, NULL);

-- strata:down
DROP TABLE plans;
