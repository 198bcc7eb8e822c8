-- strata:up
ALTER TABLE api_tokens ADD COLUMN scopes text[] NOT NULL DEFAULT '{read}';

-- strata:down
ALTER TABLE api_tokens DROP COLUMN scopes;
