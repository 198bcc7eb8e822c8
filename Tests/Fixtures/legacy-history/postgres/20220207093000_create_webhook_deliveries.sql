-- strata:up
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

-- strata:down
DROP TABLE webhook_deliveries;
