-- strata:up
-- Denormalized for tenant scoping: every query filters by account.
ALTER TABLE tasks ADD COLUMN account_id integer;
UPDATE tasks SET account_id = (SELECT p.account_id FROM projects p WHERE p.id = tasks.project_id);
ALTER TABLE tasks ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE tasks ADD CONSTRAINT tasks_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
CREATE INDEX index_tasks_on_account_id_and_status ON tasks (account_id, status);

-- strata:down
DROP INDEX index_tasks_on_account_id_and_status;
ALTER TABLE tasks DROP CONSTRAINT tasks_account_id_fkey;
ALTER TABLE tasks DROP COLUMN account_id;
