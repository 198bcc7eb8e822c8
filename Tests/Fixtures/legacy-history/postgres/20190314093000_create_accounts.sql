-- strata:up
CREATE TABLE accounts (
    id serial PRIMARY KEY,
    name varchar(255) NOT NULL,
    subdomain varchar(63),
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX index_accounts_on_subdomain ON accounts (subdomain);

-- strata:down
DROP TABLE accounts;
