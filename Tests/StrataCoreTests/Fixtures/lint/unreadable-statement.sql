-- expect: unreadable-statement
ALTER TABLE;
-- expect: unreadable-statement
CREATE INDEX orphan_idx;
-- expect: nothing
ALTER TABLE t ADD COLUMN a text;
-- expect: nothing
CREATE INDEX t_a_idx ON t (a);
