-- strata:up
CREATE INDEX index_projects_on_account_id_archived ON projects (account_id) WHERE archived_at IS NULL;

-- strata:down
DROP INDEX index_projects_on_account_id_archived;
