-- Trigger bodies hold ';' that do not end the CREATE TRIGGER statement.
CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT);

CREATE TRIGGER users_audit AFTER INSERT ON users
BEGIN
    INSERT INTO audit (note) VALUES ('user ' || NEW.name || ';');
    UPDATE users SET tier = CASE WHEN NEW.points > 100 THEN 'gold' ELSE 'basic' END
     WHERE id = NEW.id;
END;

CREATE TEMP TRIGGER IF NOT EXISTS guard BEFORE DELETE ON users
WHEN OLD.protected = 1
BEGIN
    SELECT RAISE(ABORT, 'protected; keep');
END;

create trigger nested_case after update on users for each row
begin
  select case when new.a then case when new.b then 1 else 2 end else 3 end;
  delete from audit where note = 'end';
end;
BEGIN;
SELECT 'after the triggers';
END
