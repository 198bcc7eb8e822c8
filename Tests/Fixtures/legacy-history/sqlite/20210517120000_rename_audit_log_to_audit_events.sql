-- strata:up
ALTER TABLE audit_log RENAME TO audit_events;
DROP INDEX index_audit_log_on_account_id_and_created_at;
CREATE INDEX index_audit_events_on_account_id_and_created_at ON audit_events (account_id, created_at);

-- strata:down
DROP INDEX index_audit_events_on_account_id_and_created_at;
CREATE INDEX index_audit_log_on_account_id_and_created_at ON audit_events (account_id, created_at);
ALTER TABLE audit_events RENAME TO audit_log;
