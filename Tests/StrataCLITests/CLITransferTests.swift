import Foundation
import StrataTransfer
import Strata
import StrataCLI
import StrataTestSupport
import Testing

/// `strata transfer` through the CLI, without a server: the plan and the refusals.
@Suite("CLI transfer")
struct CLITransferTests {
    static let files = [
        "001_app.sql": """
        -- strata:up
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, admin BOOLEAN NOT NULL DEFAULT 0,
          joined DATETIME DEFAULT CURRENT_TIMESTAMP, score REAL, prefs JSON);
        CREATE TABLE "Order Details" (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), note TEXT,
          amount DECIMAL(10,2) CHECK (amount >= 0));
        CREATE INDEX order_user ON "Order Details" (user_id);
        INSERT INTO users VALUES (1, 'ada@example.com', 1, '2024-01-01 10:00:00', 0.5, '{"theme": "dark"}');
        INSERT INTO "Order Details" VALUES (1, 1, 'first', 12.5), (2, 1, 42, 3);
        -- strata:down
        DROP TABLE "Order Details";
        DROP TABLE users;
        """
    ]

    @Test("--dry-run prints each column's type with its reason and the target DDL, and needs no server (golden)")
    func dryRun() async throws {
        let project = try CLIProject(Self.files)
        #expect(await project.run(["migrate"]).status == 0)
        let result = await CLI.run(["transfer", "--from", project.database.urlText, "--to", "postgres://nobody@127.0.0.1:1/nowhere", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        try CLI.expectGolden(CLI.normalize(result.stdout, replacing: project.paths), "transfer-dry-run")
        await project.cleanup()
    }

    @Test("the modes' flags are checked before anything runs: --map needs --data-only, and is OLD=NEW")
    func modeFlags() async {
        let base = ["transfer", "--from", "sqlite:x.db", "--to", "postgres://h/db"]
        for (flags, message) in [
            (["--schema-only", "--data-only"], "--schema-only and --data-only exclude each other"),
            (["--map", "a=b"], "--map renames tables and columns for --data-only"),
            (["--data-only", "--map", "users.mail"], "--map 'users.mail' is not OLD=NEW"),
            (["--status", "--dry-run"], "exclude each other"),
        ] {
            let result = await CLI.run(base + flags)
            #expect(result.status == 64, "\(flags)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
    }

    @Test("each mode names the end it is missing; --undo needs only --to")
    func missingEnds() async {
        for (flags, message) in [
            ([String](), "Give --to postgres://…, the PostgreSQL database to write, and --from sqlite:PATH"),
            (["--verify"], "Give --to postgres://…, the PostgreSQL database the transfer wrote to"),
            (["--undo"], "--undo needs --to postgres://…: the database the transfer wrote to."),
            (["--to", "postgres://h/db"], "The transfer needs --from sqlite:PATH"),
            (["--to", "postgres://h/db", "--verify"], "--verify compares both sides, so it needs --from sqlite:PATH"),
            (["--to", "postgres://h/db", "--dry-run"], "--dry-run plans from the source, so it needs --from sqlite:PATH"),
        ] {
            let result = await CLI.run(["transfer"] + flags)
            #expect(result.status == 64 && result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
        // Without --from, --undo goes straight to the target (here a port nothing listens on).
        let undo = await CLI.run(["transfer", "--undo", "--to", "postgres://u:sentinelpw@127.0.0.1:1/db"])
        #expect(undo.status == 1 && undo.stderr.contains("error: cannot connect to postgres://u:***@127.0.0.1:1/db"), "\(undo.stderr)")
    }

    @Test("the wrong kind of database on either side is a usage error naming it")
    func wrongDatabases() async throws {
        let backwards = await CLI.run(["transfer", "--from", "postgres://u:sentinelpw@h/db", "--to", "sqlite:x.db"])
        #expect(backwards.status == 64)
        #expect(backwards.stderr.contains("--from must be an SQLite database"), "\(backwards.stderr)")
        #expect(!backwards.stderr.contains("sentinelpw"))
        let badPort = await CLI.run(["transfer", "--from", "sqlite:x.db", "--to", "postgres://u:sentinelpw@h:99999/db"])
        #expect(badPort.status == 64)
        #expect(badPort.stderr.contains("fix the URL given by --to") && !badPort.stderr.contains("sentinelpw"), "\(badPort.stderr)")
        let missing = await CLI.run(["transfer", "--from", "sqlite:/no/such/file.db", "--to", "postgres://u:sentinelpw@127.0.0.1:1/db", "--dry-run"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("check --from") && !missing.stderr.contains("sentinelpw"), "\(missing.stderr)")
        let unfit = await CLI.run(["transfer", "--from", "sqlite:x.db", "--to", "postgres://h/db", "--on-unfit", "drop"])
        #expect(unfit.status == 64)
    }
}
