INSERT INTO t VALUES ('it''s; here', 'two '''' quotes', '');
SELECT "odd;name", "quo""ted;" FROM "weird "" table";;
;
SELECT 'C:\path\' AS standard_string, 'next;' AS second;
SELECT 'multi
line; string' AS m
;
  SELECT 'no trailing semicolon'
