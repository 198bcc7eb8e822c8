-- strata:up
ALTER TABLE notes ADD COLUMN author TEXT;
CREATE INDEX notes_author ON notes (author);

-- strata:down
DROP INDEX notes_author;
ALTER TABLE notes DROP COLUMN author;
