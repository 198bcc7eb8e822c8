CREATE TRIGGER tr AFTER INSERT ON a BEGIN
  UPDATE b SET n = CASE WHEN n > 0 THEN n + 1 ELSE 1 END; INSERT INTO c VALUES ([x], `y`, :p, @q, $r, ?1);
END;
CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT E'\'x\\'; END;
SELECT U&'\0041', U&"a", B'01', X'ff', N'n', 1e-5, .5, 0x1F, $1, $tag$ ; $tag$ /* a /* nested */ */;
