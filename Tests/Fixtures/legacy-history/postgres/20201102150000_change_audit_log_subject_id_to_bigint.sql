-- strata:up
-- notifications ids are bigint, and they end up in the audit log too
ALTER TABLE audit_log ALTER COLUMN subject_id TYPE bigint;

-- strata:down
ALTER TABLE audit_log ALTER COLUMN subject_id TYPE integer;
