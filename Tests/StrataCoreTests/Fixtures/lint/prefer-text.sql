-- expect: prefer-text
CREATE TABLE people (name varchar(255), code char(3), tag character varying(20));
-- expect: nothing
CREATE TABLE people2 (name text, note varchar);
