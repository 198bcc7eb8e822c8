-- expect: cluster
CLUSTER events USING events_created_idx;
-- expect: nothing
SELECT 'CLUSTER events';
