-- strata:up
CREATE UNIQUE INDEX index_tags_on_account_id_and_name ON tags (account_id, name);

-- strata:down
DROP INDEX index_tags_on_account_id_and_name;
