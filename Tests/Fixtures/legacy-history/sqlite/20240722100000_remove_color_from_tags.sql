-- strata:up
-- Colors are derived from the tag name since the 2024 redesign.
ALTER TABLE tags DROP COLUMN color;

-- strata:down
ALTER TABLE tags ADD COLUMN color varchar(7);
