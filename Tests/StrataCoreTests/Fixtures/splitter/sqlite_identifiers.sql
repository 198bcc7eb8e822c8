CREATE TABLE [order; items] ([key;] INTEGER, `val``ue;` TEXT, "plain;" TEXT);
SELECT [order; items].[key;] FROM [order; items] WHERE `val``ue;` = 'x;y';
INSERT INTO t VALUES (:name, @other, $third, ?, ?2);
SELECT x'00FF' AS blob
