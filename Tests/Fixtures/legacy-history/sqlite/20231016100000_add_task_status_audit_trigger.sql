-- strata:up
CREATE TRIGGER tasks_audit_status_change
AFTER UPDATE OF status ON tasks
FOR EACH ROW WHEN OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO audit_events (account_id, action, subject_type, subject_id, payload, created_at)
    VALUES (NEW.account_id, 'task.status_changed', 'Task', NEW.id,
            json_object('from', OLD.status, 'to', NEW.status), CURRENT_TIMESTAMP);
END;

-- strata:down
DROP TRIGGER tasks_audit_status_change;
