-- strata:up transaction=false
VACUUM;
-- strata:down
SELECT 1;
