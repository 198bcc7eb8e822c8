-- strata:up
CREATE TABLE api_tokens (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name varchar(100),
    token_digest varchar(64) NOT NULL,
    last_used_at timestamp,
    expires_at timestamp,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX index_api_tokens_on_token_digest ON api_tokens (token_digest);
CREATE INDEX index_api_tokens_on_user_id ON api_tokens (user_id);

-- strata:down
DROP TABLE api_tokens;
