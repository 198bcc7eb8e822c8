-- strata:up
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id integer REFERENCES users (id),
    body text NOT NULL,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- strata:down
DROP TABLE comments;
