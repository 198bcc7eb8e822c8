-- strata:up
CREATE FUNCTION log_task_status_change() RETURNS trigger AS $$
BEGIN
    INSERT INTO audit_events (account_id, action, subject_type, subject_id, payload, created_at)
    VALUES (NEW.account_id, 'task.status_changed', 'Task', NEW.id,
            json_build_object('from', OLD.status, 'to', NEW.status)::text, now());
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tasks_audit_status_change
    AFTER UPDATE OF status ON tasks
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION log_task_status_change();

-- strata:down
DROP TRIGGER tasks_audit_status_change ON tasks;
DROP FUNCTION log_task_status_change();
