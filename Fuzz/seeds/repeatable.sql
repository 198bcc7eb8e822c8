-- strata:repeatable
CREATE OR REPLACE VIEW v AS SELECT 1;
