-- strata:up
CREATE TABLE new_projects (
    id INTEGER PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    name varchar(255) NOT NULL,
    slug varchar(100) NOT NULL,
    description text,
    archived boolean NOT NULL DEFAULT 0,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_projects (id, account_id, name, slug, description, archived, created_at, updated_at)
    SELECT id, account_id, name, slug, description, archived, created_at, updated_at FROM projects;
DROP TABLE projects;
ALTER TABLE new_projects RENAME TO projects;
CREATE INDEX index_projects_on_account_id ON projects (account_id);
CREATE UNIQUE INDEX index_projects_on_account_id_and_slug ON projects (account_id, slug);

-- strata:down
CREATE TABLE new_projects (
    id INTEGER PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    name varchar(255) NOT NULL,
    description text,
    archived boolean NOT NULL DEFAULT 0,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    slug varchar(100)
);
INSERT INTO new_projects (id, account_id, name, slug, description, archived, created_at, updated_at)
    SELECT id, account_id, name, slug, description, archived, created_at, updated_at FROM projects;
DROP TABLE projects;
ALTER TABLE new_projects RENAME TO projects;
CREATE INDEX index_projects_on_account_id ON projects (account_id);
