-- strata:up
ALTER TABLE audit_log RENAME TO audit_events;
ALTER SEQUENCE audit_log_id_seq RENAME TO audit_events_id_seq;
ALTER INDEX audit_log_pkey RENAME TO audit_events_pkey;
ALTER INDEX index_audit_log_on_account_id_and_created_at RENAME TO index_audit_events_on_account_id_and_created_at;

-- strata:down
ALTER INDEX index_audit_events_on_account_id_and_created_at RENAME TO index_audit_log_on_account_id_and_created_at;
ALTER INDEX audit_events_pkey RENAME TO audit_log_pkey;
ALTER SEQUENCE audit_events_id_seq RENAME TO audit_log_id_seq;
ALTER TABLE audit_events RENAME TO audit_log;
