SET lock_timeout = '1s';
-- expect: column-type-change
ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,2);
-- expect: column-type-change
ALTER TABLE orders ALTER amount SET DATA TYPE bigint USING amount::bigint;
-- expect: nothing
ALTER TABLE orders ALTER COLUMN amount SET STATISTICS 500;
-- expect: nothing
CREATE TYPE mood AS ENUM ('ok');
-- expect: nothing
ALTER TABLE orders ALTER COLUMN type SET DEFAULT 'retail';
-- expect: nothing
ALTER TABLE orders ALTER "type" DROP DEFAULT;
-- expect: column-type-change
ALTER TABLE orders ALTER COLUMN type TYPE text;
