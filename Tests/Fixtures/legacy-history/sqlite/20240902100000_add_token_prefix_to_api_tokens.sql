-- strata:up
ALTER TABLE api_tokens ADD COLUMN token_prefix varchar(8) NOT NULL DEFAULT '';
CREATE INDEX index_api_tokens_on_token_prefix ON api_tokens (token_prefix);

-- strata:down
DROP INDEX index_api_tokens_on_token_prefix;
ALTER TABLE api_tokens DROP COLUMN token_prefix;
