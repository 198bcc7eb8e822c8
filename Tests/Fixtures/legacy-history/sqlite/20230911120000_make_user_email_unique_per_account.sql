-- strata:up
-- The same person can now belong to several accounts; emails compare case-insensitively.
DROP INDEX index_users_on_email;
CREATE UNIQUE INDEX index_users_on_account_id_and_lower_email ON users (account_id, lower(email));

-- strata:down
DROP INDEX index_users_on_account_id_and_lower_email;
CREATE UNIQUE INDEX index_users_on_email ON users (email);
