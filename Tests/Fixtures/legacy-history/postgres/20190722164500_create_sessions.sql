-- strata:up
CREATE TABLE sessions (
    id varchar(64) PRIMARY KEY,
    user_id integer REFERENCES users (id) ON DELETE CASCADE,
    data text,
    ip_address varchar(45),
    expires_at timestamp NOT NULL,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX ON sessions (expires_at);

-- strata:down
DROP TABLE sessions;
