-- strata:up
SELECT 1;Ã(
