-- strata:up
ALTER TABLE accounts ADD COLUMN plan_id integer;
UPDATE accounts SET plan_id = (SELECT id FROM plans WHERE code = 'free');
ALTER TABLE accounts ALTER COLUMN plan_id SET NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES plans (id);

-- strata:down
ALTER TABLE accounts DROP CONSTRAINT accounts_plan_id_fkey;
ALTER TABLE accounts DROP COLUMN plan_id;
