-- strata:up
CREATE TABLE IF NOT EXISTS feature_flags (
    id serial PRIMARY KEY,
    key varchar(100) NOT NULL UNIQUE,
    enabled boolean NOT NULL DEFAULT false,
    description text,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);

INSERT INTO feature_flags (key, enabled, description) VALUES
    ('new_dashboard', false, 'Redesigned project dashboard'),
    ('bulk_edit', false, 'Edit many tasks at once'),
    ('dark_mode', true, 'Dark theme toggle in settings');

-- strata:down
DROP TABLE IF EXISTS feature_flags;
