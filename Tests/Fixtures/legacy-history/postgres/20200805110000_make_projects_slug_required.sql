-- strata:up
ALTER TABLE projects ALTER COLUMN slug SET NOT NULL;
CREATE UNIQUE INDEX index_projects_on_account_id_and_slug ON projects (account_id, slug);

-- strata:down
DROP INDEX index_projects_on_account_id_and_slug;
ALTER TABLE projects ALTER COLUMN slug DROP NOT NULL;
