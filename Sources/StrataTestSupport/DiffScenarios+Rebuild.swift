import Foundation
import Strata
import StrataCore

/// The SQLite rebuild under stress: a dangling foreign key rolls it back, and a process killed
/// mid-rebuild leaves the old schema or the new one, never a half table.
extension DiffScenarios {
    static let parentChild = """
        CREATE TABLE parents (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
        CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id) ON DELETE CASCADE, label TEXT);
        CREATE INDEX children_parent ON children (parent_id);
        """
    static let parentChildRebuilt = parentChild.replacingOccurrences(of: "name TEXT)", with: "name TEXT NOT NULL DEFAULT '', born TEXT CHECK (born IS NULL OR born > '1900'))")

    /// A plan whose rebuild finds a row pointing at no parent fails before it commits: the schema
    /// and every row are as they were.
    package static func danglingKeyRollsBack(_ database: TestDatabase) async throws {
        try await load(parentChild, into: database)
        try await database.execute("INSERT INTO parents (name) VALUES ('a'), ('b'); INSERT INTO children (parent_id, label) VALUES (1, 'x'), (2, 'y'), (99, 'dangling')")
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        var strata = try strata(database, fixture)
        let plan = try await strata.diff(to: .sql(parentChildRebuilt))
        try expect(plan.up.contains { $0.foreignKeysOff }, "a rebuild with foreign keys off: \(plan.up.map(\.summary))")
        try fixture.write("001_rebuild.sql", plan.migration())
        await strata.shutdown()
        strata = try Self.strata(database, fixture)
        let rows = "SELECT (SELECT group_concat(id || ':' || name) FROM parents) || ' / ' || (SELECT group_concat(id || ':' || parent_id || ':' || label) FROM children)"
        let before = try await database.query(rows).first?.values.first
        let error = try await expectStrataError { try await strata.migrate() }
        try expect(error.summary.contains("violations = 0"), "the foreign-key check stops it: \(error.summary)")
        try expectEqual(try await database.query(rows).first?.values.first, before, "the failed rebuild changed no row")
        let record = try expectValue(try await database.history().first { $0.description == "rebuild" }, "the failed migration's row")
        try expectEqual(record.status, .failed)
        // PRAGMA foreign_keys = OFF and the check's temporary table ran before the rolled-back block.
        try expectEqual(record.statementsDone, 2, "only what ran before the rolled-back block counts as applied")
        try expect(record.error?.contains("violations = 0") == true, "the history has the error: \(record.error ?? "")")
        try expectEqual(try await strata.schema().fingerprint(), plan.from, "the schema is the old one")
        await strata.shutdown()
    }

    /// `migrate` of a rebuild of a 200,000-row parent (children under ON DELETE CASCADE) killed at
    /// random instants: each time the file passes its integrity check, holds the old schema or the
    /// new one with every child row, and no `strata_new_` table.
    package static func killedRebuild(_ database: TestDatabase, runs: Int, seed: UInt64) async throws -> (old: Int, new: Int) {
        let path = try expectValue(database.filePath, "an SQLite file")
        try await load(parentChild, into: database)
        try await database.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200001) INSERT INTO parents (name) SELECT 'p' || i FROM n")
        try await database.execute("INSERT INTO children (parent_id, label) SELECT id, 'c' FROM parents WHERE id % 4 = 0")
        try await database.execute("DELETE FROM parents WHERE id = 200001")  // the AUTOINCREMENT high-water mark is above max(id)
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        let strata = try strata(database, fixture)
        let plan = try await strata.diff(to: .sql(parentChildRebuilt))
        await strata.shutdown()
        try fixture.write("001_rebuild.sql", plan.migration())
        let pristine = path + ".pristine"
        _ = try await database.query("PRAGMA wal_checkpoint(TRUNCATE)")
        try FileManager.default.copyItem(atPath: path, toPath: pristine)
        func reset() throws {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try FileManager.default.copyItem(atPath: pristine, toPath: path)
        }
        defer { try? FileManager.default.removeItem(atPath: pristine) }
        let arguments = ["--database", database.urlText, "--migrations", fixture.directory, "migrate", "--quiet"]
        let started = ContinuousClock.now
        let whole = try await StrataProcess.run(arguments)
        try expect(whole.status == 0, "an uninterrupted run works: \(whole.stderr)")
        let checker = try Self.strata(database, fixture)
        try expectEqual(try await checker.schema().fingerprint(), plan.to, "an uninterrupted run reaches the new schema")
        await checker.shutdown()
        let span = max((ContinuousClock.now - started).wholeMilliseconds, 20)
        var random = SplitMix64(seed: seed)
        var counts = (old: 0, new: 0)
        for _ in 1...runs {
            try reset()
            let child = try StrataProcess.start(arguments)
            try await Task.sleep(for: .milliseconds(Int64(random.next() % UInt64(span + span / 4))))
            child.kill()
            _ = await child.wait()
            let checker = try Self.strata(database, fixture)
            try expectEqual(try await database.query("PRAGMA integrity_check").first?.values.first?.string, "ok")
            let schema = try await checker.schema()
            try expect(!schema.tables.contains { $0.name.hasPrefix("strata_new_") }, "no half-built table: \(schema.tables.map(\.name))")
            try expectEqual(try await database.query("SELECT count(*) FROM children").first?.values.first?.integer, 50_000, "every child row survives")
            try expectEqual(try await database.query("SELECT seq FROM sqlite_sequence WHERE name = 'parents'").first?.values.first?.integer, 200_001)
            switch schema.fingerprint() {
            case plan.from: counts.old += 1
            case plan.to: counts.new += 1
            default: throw ConformanceFailure(message: "after a kill the schema is the old one or the new one")
            }
            await checker.shutdown()
        }
        return counts
    }
}
