-- strata:up
ALTER TABLE "accounts" ADD COLUMN "billing_email" varchar(255);

-- strata:down
ALTER TABLE "accounts" DROP COLUMN "billing_email";
