-- expect: enum-type
CREATE TYPE mood AS ENUM ('happy', 'sad');
-- expect: nothing
CREATE TYPE address AS (street text, city text);
-- expect: nothing
ALTER TYPE mood ADD VALUE 'calm';
