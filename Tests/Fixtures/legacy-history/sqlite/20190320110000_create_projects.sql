-- strata:up
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    name varchar(255) NOT NULL,
    description text,
    archived boolean NOT NULL DEFAULT 0,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX index_projects_on_account_id ON projects (account_id);

-- strata:down
DROP TABLE projects;
