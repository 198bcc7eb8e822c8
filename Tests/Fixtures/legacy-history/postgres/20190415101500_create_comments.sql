-- strata:up
CREATE TABLE comments (
    id serial PRIMARY KEY,
    task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id integer REFERENCES users (id),
    body text NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);

-- strata:down
DROP TABLE comments;
