CREATE TABLE a (x int);
INSERT INTO a
VALUES (1);
-- comment; here
SELECT 'multi
line; string';

   SELECT 2 ;SELECT 3
