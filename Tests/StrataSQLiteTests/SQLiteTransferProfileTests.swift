import Foundation
@testable import StrataTransfer
import Strata
@testable import StrataSQLite
import StrataTestSupport
import Testing

/// The per-column value profile of a real SQLite table, and the PostgreSQL types it leads to.
@Suite("SQLite transfer profiles")
struct SQLiteTransferProfileTests {
    @Test("storage classes, 0/1, infinities, NUL, strict dates, JSON and UUIDs decide each column's type")
    func profilesAndTypes() async throws {
        try await TestDatabases.sqliteFile().use { database in
            let statements = [
                """
                CREATE TABLE "Order Details" (id INTEGER PRIMARY KEY, flag BOOLEAN, active BOOLEAN, score REAL, price DECIMAL(10,2),
                  born DATE, seen DATETIME, bad_day DATETIME, doc JSON, ref UUID, note TEXT, loose TEXT, raw BLOB, nul TEXT,
                  anything, empty_int INTEGER, unix_time DATETIME)
                """,
                """
                INSERT INTO "Order Details" VALUES
                  (1, 1, 1, 0.1, 19.99, '2024-02-29', '2024-01-01 10:00:00', '2024-02-30', '{"a": [1, 2]}',
                   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'x', 'text', x'00ff', 'a' || char(0) || 'b', 1, NULL, 1700000000),
                  (2, 0, 2, 9e999, 3, '1999-12-31', '2024-01-01T10:00:00Z', '2024-01-01', '[]',
                   'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '', 42, x'', 'plain', 'two', NULL, 1700000001),
                  (3, NULL, 1, -9e999, NULL, NULL, '2024-01-01 10:00:00.123+02:00', NULL, '"s"', NULL, NULL, 1.5, NULL, NULL, 3.5, NULL, NULL)
                """,
            ]
            for statement in statements { try await database.execute(statement) }
            guard case .sqlite = database.url, let driver = database.driver as? SQLiteDriver else {
                Issue.record("not SQLite")
                return
            }
            let schema = try await driver.introspectSchema(names: HistoryNames(), includeHistory: false, logger: TestDatabase.logger)
            let table = try #require(schema.tables.first { $0.name == "Order Details" })
            let tableProfile = try await driver.profiles(of: [table], logger: TestDatabase.logger)[table.name]
            let profiles = tableProfile?.columns ?? [:]
            #expect(profiles["score"]?.infinities == 2)
            #expect(profiles["nul"]?.textsWithNUL == 1)
            #expect(profiles["bad_day"]?.timestampTexts == 1, "2024-02-30 is not a date")
            #expect(profiles["ref"]?.uuidTexts == 2)
            #expect(profiles["flag"]?.nulls == 1 && profiles["flag"]?.nonBooleanIntegers == 0)
            #expect(profiles["unix_time"]?.minInteger == 1_700_000_000 && profiles["unix_time"]?.maxInteger == 1_700_000_001)
            let rowid = tableProfile?.rowidAlias
            #expect(rowid == "id")
            var types: [String: String] = [:]
            for column in table.columns {
                let mapping = TransferTypeMapping.map(
                    column: column.name, declared: column.type, profile: profiles[column.name] ?? ColumnProfile(),
                    rowidAlias: column.name == rowid)
                types[column.name] = mapping.postgresType + (mapping.identity ? " identity" : "") + (mapping.widened == nil ? "" : " (widened)")
            }
            #expect(
                types == [
                    "id": "bigint identity", "flag": "boolean", "active": "bigint", "score": "double precision", "price": "numeric",
                    "born": "date", "seen": "timestamptz", "bad_day": "text", "doc": "jsonb", "ref": "uuid", "note": "text",
                    "loose": "text", "raw": "bytea", "nul": "bytea (widened)", "anything": "text (widened)", "empty_int": "bigint",
                    "unix_time": "bigint",
                ])
            let reject = TransferTypeMapping.map(column: "nul", declared: "TEXT", profile: profiles["nul"]!, rowidAlias: false, unfit: .reject)
            #expect(reject.postgresType == "text", "with --on-unfit reject the column keeps its type and the row is reported")
        }
    }

    @Test("a large table is profiled in rowid ranges on several connections and counts every row once, sparse rowids too")
    func profileInParts() async throws {
        try await TestDatabases.sqliteFile().use { database in
            try await database.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, n INTEGER, t TEXT)")
            try await database.execute(
                """
                WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 250000)
                INSERT INTO big SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE i END, CASE WHEN i % 4 = 0 THEN 'x' END FROM k
                """)
            try await database.execute("CREATE TABLE sparse (v INTEGER)")
            try await database.execute("INSERT INTO sparse (rowid, v) VALUES (-9223372036854775808, 1), (0, 2), (9223372036854775807, 3)")
            let driver = try #require(database.driver as? SQLiteDriver)
            let schema = try await driver.introspectSchema(names: HistoryNames(), includeHistory: false, logger: TestDatabase.logger)
            let (_, parts) = try await SQLiteDriver.profileParts(of: schema.tables, path: try #require(driver.path))
            #expect(parts.filter { $0.sql.contains("big") }.count == 3, "250,000 rowids in parts of about 100,000")
            #expect(parts.filter { $0.sql.contains("sparse") }.count == 64, "a sparse table is cut in at most 64 parts")
            let profiles = try await driver.profiles(of: schema.tables, logger: TestDatabase.logger)
            let n = try #require(profiles["big"]?.columns["n"])
            #expect(n.integers == 225_000 && n.nulls == 25_000 && n.minInteger == 1 && n.maxInteger == 249_999)
            #expect(profiles["big"]?.columns["t"]?.texts == 62_500)
            #expect(profiles["big"]?.columns["id"]?.integers == 250_000)
            #expect(profiles["sparse"]?.columns["v"]?.integers == 3 && profiles["sparse"]?.columns["v"]?.maxInteger == 3)
        }
    }
}
