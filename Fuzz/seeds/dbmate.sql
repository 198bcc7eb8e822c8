-- migrate:up transaction:false
ALTER TYPE mood ADD VALUE 'happy';

-- migrate:down
SELECT 1;
