-- strata:up
CREATE TABLE café ("näme" text); -- strata:allow X reason
