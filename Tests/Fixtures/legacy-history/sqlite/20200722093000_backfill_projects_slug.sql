-- strata:up
UPDATE projects SET slug = lower(replace(trim(name), ' ', '-')) || '-' || id;

-- strata:down
UPDATE projects SET slug = NULL;
