-- strata:up
ALTER TABLE audit_events ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC';

-- strata:down
ALTER TABLE audit_events ALTER COLUMN created_at TYPE timestamp USING created_at AT TIME ZONE 'UTC';
