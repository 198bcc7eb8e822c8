DO $$
BEGIN
    RAISE NOTICE 'semicolons; inside';
END
$$;

CREATE FUNCTION touch() RETURNS trigger AS $fn$
BEGIN
    NEW.updated_at := now();  -- a comment with ; and '
    PERFORM $$nested; dollar$$;
    RETURN NEW;
END;
$fn$ LANGUAGE plpgsql;

PREPARE add_one(int) AS SELECT $1 + 1;
SELECT price$usd, $tag$it's; fine$tag$ AS quoted FROM items
