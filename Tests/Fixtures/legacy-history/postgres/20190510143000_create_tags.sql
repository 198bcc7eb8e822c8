-- strata:up
CREATE TABLE tags (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    name varchar(50) NOT NULL,
    color varchar(7),
    created_at timestamp NOT NULL DEFAULT now()
);

CREATE TABLE task_tags (
    task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    tag_id integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, tag_id)
);

-- strata:down
DROP TABLE task_tags;
DROP TABLE tags;
