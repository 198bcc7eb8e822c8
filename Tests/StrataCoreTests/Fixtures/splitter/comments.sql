-- Comments hide ';' and quotes: none of these ends a statement.
-- it's; "still"; a comment
CREATE TABLE notes (body text); -- trailing; 'comment' "here"

/* block; comment with 'quotes' and "identifiers" */ INSERT INTO notes VALUES ('a -- not a comment; really');
/* outer /* inner */ PostgreSQL is still inside the comment here; */
SELECT 1;
SELECT 2 /* inner ; comment */ + 3;
SELECT 4 -- comment that swallows the semicolon ;
;
SELECT 5 - -6;
