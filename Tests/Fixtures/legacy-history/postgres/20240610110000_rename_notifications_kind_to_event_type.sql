-- strata:up
ALTER TABLE notifications RENAME COLUMN kind TO event_type;

-- strata:down
ALTER TABLE notifications RENAME COLUMN event_type TO kind;
