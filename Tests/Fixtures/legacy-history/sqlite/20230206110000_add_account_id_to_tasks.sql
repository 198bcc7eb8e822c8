-- strata:up
-- Denormalized for tenant scoping: every query filters by account.
-- Rebuild tasks (account_id NOT NULL + the status foreign key we could not add in 2019).
-- The view and the trigger go with the old table and are recreated below.
DROP VIEW active_tasks;
CREATE TABLE new_tasks (
    id INTEGER PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title varchar(255) NOT NULL,
    description text,
    status varchar(20) NOT NULL DEFAULT 'open' REFERENCES task_statuses (name),
    due_on date,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    assignee_id integer REFERENCES users (id),
    position integer NOT NULL DEFAULT 0,
    completed_at datetime,
    deleted_at datetime,
    priority integer NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 4)
);
INSERT INTO new_tasks (id, account_id, project_id, title, description, status, due_on, created_at, updated_at,
                       assignee_id, position, completed_at, deleted_at, priority)
    SELECT t.id, p.account_id, t.project_id, t.title, t.description, t.status, t.due_on, t.created_at, t.updated_at,
           t.assignee_id, t.position, t.completed_at, t.deleted_at, t.priority
    FROM tasks t
    JOIN projects p ON p.id = t.project_id;
DROP TABLE tasks;
ALTER TABLE new_tasks RENAME TO tasks;
CREATE INDEX index_tasks_on_assignee_id ON tasks (assignee_id);
CREATE INDEX index_tasks_on_project_id ON tasks (project_id);
CREATE INDEX index_tasks_on_deleted_at ON tasks (deleted_at);
CREATE INDEX index_tasks_on_account_id_and_status ON tasks (account_id, status);
CREATE TRIGGER tasks_set_updated_at AFTER UPDATE ON tasks
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE tasks SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
CREATE VIEW active_tasks AS
    SELECT t.id, t.project_id, t.title, t.status, t.assignee_id, t.due_on, t.priority, t.position
    FROM tasks t
    WHERE t.deleted_at IS NULL AND t.status <> 'done';

-- strata:down
DROP VIEW active_tasks;
CREATE TABLE new_tasks (
    id INTEGER PRIMARY KEY,
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title varchar(255) NOT NULL,
    description text,
    status varchar(20) NOT NULL DEFAULT 'open',
    due_on date,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    assignee_id integer REFERENCES users (id),
    position integer NOT NULL DEFAULT 0,
    completed_at datetime,
    deleted_at datetime,
    priority integer NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 4)
);
INSERT INTO new_tasks (id, project_id, title, description, status, due_on, created_at, updated_at, assignee_id, position, completed_at, deleted_at, priority)
    SELECT id, project_id, title, description, status, due_on, created_at, updated_at, assignee_id, position, completed_at, deleted_at, priority FROM tasks;
DROP TABLE tasks;
ALTER TABLE new_tasks RENAME TO tasks;
CREATE INDEX index_tasks_on_assignee_id ON tasks (assignee_id);
CREATE INDEX index_tasks_on_project_id ON tasks (project_id);
CREATE INDEX index_tasks_on_deleted_at ON tasks (deleted_at);
CREATE TRIGGER tasks_set_updated_at AFTER UPDATE ON tasks
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE tasks SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
CREATE VIEW active_tasks AS
    SELECT t.id, t.project_id, t.title, t.status, t.assignee_id, t.due_on, t.priority, t.position
    FROM tasks t
    WHERE t.deleted_at IS NULL AND t.status <> 'done';
