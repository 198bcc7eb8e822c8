-- strata:up
ALTER TABLE tags ADD CONSTRAINT tags_account_id_name_key UNIQUE (account_id, name);

-- strata:down
ALTER TABLE tags DROP CONSTRAINT tags_account_id_name_key;
