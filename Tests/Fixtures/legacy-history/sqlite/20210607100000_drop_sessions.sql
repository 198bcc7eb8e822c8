-- strata:up
-- Sessions live in Redis since the 2021 infrastructure move.
DROP TABLE sessions;

-- strata:down
CREATE TABLE sessions (
    id varchar(64) PRIMARY KEY,
    user_id integer REFERENCES users (id) ON DELETE CASCADE,
    data text,
    ip_address varchar(45),
    expires_at datetime NOT NULL,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX index_sessions_on_expires_at ON sessions (expires_at);
