-- strata:up
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url text NOT NULL,
    secret varchar(64) NOT NULL,
    events text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT 1,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX index_webhooks_on_account_id ON webhooks (account_id);

-- strata:down
DROP TABLE webhooks;
