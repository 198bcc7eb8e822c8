-- strata:up
CREATE TABLE projects (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    name varchar(255) NOT NULL,
    description text,
    archived boolean NOT NULL DEFAULT false,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX index_projects_on_account_id ON projects (account_id);

-- strata:down
DROP TABLE projects;
