-- strata:up
CREATE TABLE webhooks (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url text NOT NULL,
    secret varchar(64) NOT NULL,
    events text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX index_webhooks_on_account_id ON webhooks (account_id);

-- strata:down
DROP TABLE webhooks;
