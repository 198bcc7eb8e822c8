SELECT E'it\'s; x';
SELECT e'back\\slash;', E'quote '' too;';
SELECT U&'d\0061t\+000061;' AS unicode, U&"col;umn" FROM t;
SELECT B'1010', X'1F', N'national;';
SELECT 'a'::text || E'\\' || 'b';
