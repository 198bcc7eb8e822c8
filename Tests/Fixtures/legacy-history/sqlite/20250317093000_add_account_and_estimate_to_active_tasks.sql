-- strata:up
DROP VIEW active_tasks;
CREATE VIEW active_tasks AS
    SELECT t.id, t.project_id, t.title, t.status, t.assignee_id, t.due_on, t.priority, t.position,
           t.account_id, t.estimate_minutes
    FROM tasks t
    WHERE t.deleted_at IS NULL AND t.status <> 'done';

-- strata:down
DROP VIEW active_tasks;
CREATE VIEW active_tasks AS
    SELECT t.id, t.project_id, t.title, t.status, t.assignee_id, t.due_on, t.priority, t.position
    FROM tasks t
    WHERE t.deleted_at IS NULL AND t.status <> 'done';
