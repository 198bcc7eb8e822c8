INSERT INTO greetings VALUES ('héllo; wörld'); SELECT '日本語;'; SELECT 1;
SELECT '👍🏽;' AS "naïve;col"; SELECT 2;
-- コメント; with ';'
  /* é; */ SELECT 3
