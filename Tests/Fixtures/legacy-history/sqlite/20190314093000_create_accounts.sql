-- strata:up
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name varchar(255) NOT NULL,
    subdomain varchar(63),
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX index_accounts_on_subdomain ON accounts (subdomain);

-- strata:down
DROP TABLE accounts;
