-- strata:up
INSERT INTO country VALUES (1, 'Canada', '2024-01-01 00:00:00'), (2, 'Australia', '2024-01-01 00:00:00'), (3, 'Japan', NULL);
INSERT INTO city VALUES (1, 'Lethbridge', 1, '2024-01-01 00:00:00'), (2, 'Woodridge', 2, '2024-01-01 00:00:00'), (3, 'Osaka', 3, NULL);
INSERT INTO address VALUES (1, '47 MySakila Drive', 'Alberta', 1, NULL, '14033335568', '2024-01-01 00:00:00'),
  (2, '28 MySQL Boulevard', 'QLD', 2, NULL, '6172235589', '2024-01-01 00:00:00'),
  (3, '23 Workhaven Lane', 'Alberta', 1, '', '14033335568', NULL), (4, '1411 Lillydale Drive', 'QLD', 2, '', '6172235589', NULL),
  (5, '1913 Hanoi Way', 'Nagasaki', 3, '35200', '28303384290', NULL), (6, '1121 Loja Avenue', 'California', 3, '17886', '838635286649', NULL),
  (7, '692 Joliet Street', 'Attika', 3, '83579', '448477190408', NULL);
INSERT INTO language VALUES (1, 'English', '2024-01-01 00:00:00'), (2, 'Japanese', NULL);
INSERT INTO category VALUES (1, 'Action', NULL), (2, 'Animation', NULL), (3, 'Children', NULL), (4, 'Documentary', NULL);
INSERT INTO actor VALUES (1, 'PENELOPE', 'GUINESS', NULL), (2, 'NICK', 'WAHLBERG', NULL), (3, 'ED', 'CHASE', NULL), (4, 'JENNIFER', 'DAVIS', NULL);
INSERT INTO film VALUES
  (1, 'ACADEMY DINOSAUR', 'An Epic Drama of a Feminist', '2006', 1, 6, 0.99, 86, 20.99, 'PG', 'Deleted Scenes,Behind the Scenes', NULL),
  (2, 'ACE GOLDFINGER', 'A Astounding Epistle of a Database', '2006', 1, 3, 4.99, 48, 12.99, 'G', 'Trailers', NULL),
  (3, 'ADAPTATION HOLES', 'A Astounding Reflection of a Lumberjack', '2006', 2, 7, 2.99, 50, 18.99, 'NC-17', NULL, NULL),
  (4, 'AFFAIR PREJUDICE', 'A Fanciful Documentary', '2006', 1, 5, 2.99, NULL, 26.99, 'G', 'Commentaries', NULL);
INSERT INTO film_actor VALUES (1, 1, NULL), (1, 2, NULL), (2, 1, NULL), (3, 3, NULL), (4, 4, NULL), (4, 1, NULL);
INSERT INTO film_category VALUES (1, 1, NULL), (2, 2, NULL), (3, 2, NULL), (4, 4, NULL);
INSERT INTO "Store" VALUES (1, NULL, 1, NULL), (2, NULL, 2, NULL);
INSERT INTO staff (staff_id, first_name, last_name, address_id, email, store_id, active, username) VALUES
  (1, 'Mike', 'Hillyer', 3, 'Mike.Hillyer@sakilastaff.com', 1, 1, 'Mike'), (2, 'Jon', 'Stephens', 4, NULL, 2, 1, 'Jon'),
  (3, 'Ann', 'Former', 4, 'ann@example.com', 2, 0, 'Ann');
UPDATE "Store" SET ManagerStaffID = StoreID;
INSERT INTO "Customer Accounts" VALUES
  (1, 1, 'MARY', 'SMITH', 'MARY.SMITH@sakilacustomer.org', 5, 'Y', '2006-02-14 22:04:36', NULL),
  (2, 1, 'PATRICIA', 'JOHNSON', 'PATRICIA.JOHNSON@sakilacustomer.org', 6, 'Y', '2006-02-14 22:04:36', NULL),
  (3, 2, 'LINDA', 'WILLIAMS', NULL, 7, 'N', '2006-02-14 22:04:36', NULL);
INSERT INTO inventory VALUES (1, 1, 1, NULL), (2, 1, 2, NULL), (3, 2, 1, NULL), (4, 3, 2, NULL), (5, 4, 1, NULL);
INSERT INTO rental VALUES
  (1, '2024-05-24 22:53:30', 1, 1, '2024-05-26 22:04:30', 1, NULL), (2, '2024-05-24 22:54:33', 3, 2, '2024-05-28 19:40:33', 1, NULL),
  (3, '2024-06-01 23:03:39', 4, 1, NULL, 2, NULL), (4, '2024-06-20 10:00:00', 5, 3, NULL, 2, NULL), (5, '2024-06-02 08:30:00', 2, 2, '2024-06-03 09:00:00', 2, NULL);
INSERT INTO payment VALUES
  (1, 1, 1, 1, 2.99, '2024-05-25 11:30:37', NULL), (2, 2, 1, 2, 0.99, '2024-05-28 10:35:23', NULL), (3, 1, 2, 3, 5.99, '2024-06-15 21:08:46', NULL),
  (4, 2, 2, 5, 4.99, '2024-06-03 09:00:00', NULL), (5, 1, 1, NULL, 9.99, '2024-06-18 13:00:00', NULL);
