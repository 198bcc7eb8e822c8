-- strata:up
-- Covered by index_users_on_account_id_and_lower_email (account_id is its leading column).
DROP INDEX index_users_on_account_id;

-- strata:down
CREATE INDEX index_users_on_account_id ON users (account_id);
