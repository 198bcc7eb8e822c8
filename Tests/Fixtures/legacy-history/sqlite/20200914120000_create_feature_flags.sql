-- strata:up
CREATE TABLE IF NOT EXISTS feature_flags (
    id INTEGER PRIMARY KEY,
    key varchar(100) NOT NULL UNIQUE,
    enabled boolean NOT NULL DEFAULT 0,
    description text,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO feature_flags (key, enabled, description) VALUES
    ('new_dashboard', 0, 'Redesigned project dashboard'),
    ('bulk_edit', 0, 'Edit many tasks at once'),
    ('dark_mode', 1, 'Dark theme toggle in settings');

-- strata:down
DROP TABLE IF EXISTS feature_flags;
