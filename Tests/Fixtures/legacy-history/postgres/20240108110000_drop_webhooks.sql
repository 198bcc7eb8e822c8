-- strata:up
-- Webhooks moved to the integrations service (see ADR 0042).
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;

-- strata:down
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

CREATE TABLE webhook_deliveries (
    id bigserial PRIMARY KEY,
    webhook_id integer NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event varchar(100) NOT NULL,
    request_body text NOT NULL,
    response_status integer,
    attempts integer NOT NULL DEFAULT 0,
    delivered_at timestamp,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX index_webhook_deliveries_on_webhook_id_and_created_at ON webhook_deliveries (webhook_id, created_at);
