-- strata:up
-- plan_id is NOT NULL with a foreign key: rebuild accounts, every account starts on the free plan.
CREATE TABLE new_accounts (
    id INTEGER PRIMARY KEY,
    name varchar(255) NOT NULL,
    subdomain varchar(63),
    plan_id integer NOT NULL REFERENCES plans (id),
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_accounts (id, name, subdomain, plan_id, created_at, updated_at)
    SELECT id, name, subdomain, (SELECT id FROM plans WHERE code = 'free'), created_at, updated_at
    FROM accounts;
DROP TABLE accounts;
ALTER TABLE new_accounts RENAME TO accounts;
CREATE UNIQUE INDEX index_accounts_on_subdomain ON accounts (subdomain);

-- strata:down
CREATE TABLE new_accounts (
    id INTEGER PRIMARY KEY,
    name varchar(255) NOT NULL,
    subdomain varchar(63),
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_accounts (id, name, subdomain, created_at, updated_at)
    SELECT id, name, subdomain, created_at, updated_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE new_accounts RENAME TO accounts;
CREATE UNIQUE INDEX index_accounts_on_subdomain ON accounts (subdomain);
