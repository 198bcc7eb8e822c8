-- strata:up
CREATE TABLE users (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    email varchar(255) NOT NULL,
    encrypted_password varchar(255) NOT NULL,
    first_name varchar(100),
    last_name varchar(100),
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX index_users_on_email ON users (email);
CREATE INDEX index_users_on_account_id ON users (account_id);

-- strata:down
DROP TABLE users;
