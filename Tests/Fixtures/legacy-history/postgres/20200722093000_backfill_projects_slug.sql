-- strata:up
UPDATE projects SET slug = lower(regexp_replace(name, '[^a-zA-Z0-9]+', '-', 'g')) || '-' || id;

-- strata:down
UPDATE projects SET slug = NULL;
