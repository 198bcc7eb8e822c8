@testable import StrataTransfer
import Strata
@testable import StrataCore
import StrataTestSupport
import Testing

/// The transfer's read-back: PostgreSQL packs rows per range of pages, or sends them one by
/// one; both must give the digest of exactly what the source sent.
@Suite("Transfer read-back on PostgreSQL", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresReadBackTests {
    @Test("packs of any size, and rows one by one, give the source's digest for every mapped type, NULLs and TOASTed values")
    func packsAndRowsAgree() async throws {
        try await TestDatabases.sqliteFile().use { source in
            try await PostgresTestSupport.database().use { target in
                try await source.execute(
                    """
                    CREATE TABLE kinds (id INTEGER PRIMARY KEY, flag BOOLEAN, r REAL, amount NUMERIC, t TEXT, b BLOB,
                      at DATETIME, day DATE, j JSON, code UUID, any_text)
                    """)
                // 3,000 rows over many pages, a NULL in every column somewhere, a value big enough
                // to be TOASTed, text with every COPY special, and a mixed column (bytea).
                try await source.execute(
                    """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                    INSERT INTO kinds SELECT i, i % 2, CASE WHEN i % 7 = 0 THEN NULL ELSE i / 3.0 END, i * 1.25,
                      CASE WHEN i % 5 = 0 THEN NULL ELSE 'row ' || i || char(9) || 'tab' || char(10) || '\\ü' END,
                      CASE WHEN i % 11 = 0 THEN NULL ELSE randomblob(i % 40) END,
                      datetime(1700000000 + i * 3600, 'unixepoch'), date(1700000000 + i * 86400, 'unixepoch'),
                      json_object('i', i, 'even', i % 2 = 0), CASE WHEN i % 3 = 0 THEN NULL ELSE 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' END,
                      CASE i % 3 WHEN 0 THEN i WHEN 1 THEN 'text ' || i ELSE x'0102' END
                    FROM n
                    """)
                try await source.execute("UPDATE kinds SET t = printf('%.200000c', 'x') WHERE id = 1500")
                let sourceDriver = try #require(source.driver as? any TransferSource)
                let targetDriver = try #require(target.driver as? any TransferTarget)
                let transfer = Transfer(source: sourceDriver, target: targetDriver, logger: TestDatabase.logger)
                let plan = try await transfer.plan()
                let table = try #require(plan.tables.first)
                #expect(
                    Set(table.columns.map(\.postgresType)) == [
                        "bigint", "boolean", "double precision", "numeric", "text", "bytea",
                        "timestamptz", "date", "jsonb", "uuid",
                    ])
                let report = try await transfer.run(plan)
                #expect(report.succeeded)
                let expected = try #require(report.tables.first?.sourceDigest)
                let digests = try await targetDriver.withTransferSession(logger: TestDatabase.logger) { session in
                    let layout = try await TargetReadBack(table: table).layout(session: session)
                    #expect(layout != nil, "this server (PostgreSQL 14 or later, UTF-8) takes packs: the comparison below is not rows against rows")
                    #expect((layout?.pages ?? 0) > 10, "the table spans many pages")
                    return [
                        try await TargetReadBack(table: table).digest(session: session).description,
                        try await TargetReadBack(table: table, packBytes: 1).digest(session: session).description,
                        try await TargetReadBack(table: table, packBytes: 100_000).digest(session: session).description,
                        try await TargetReadBack(table: table, mode: .rows).digest(session: session).description,
                    ]
                }
                #expect(digests == Array(repeating: expected, count: 4), "one pack, a pack per page, a few pages per pack, rows")
                #expect(expected.hasPrefix("3000 rows"))
            }
        }
    }

    @Test("PostgreSQL's own row-hash sum equals the loader's, packs' and rows'; one changed value, one swapped pair or one extra row shows")
    func serverDigest() async throws {
        try await TestDatabases.sqliteFile().use { source in
            try await PostgresTestSupport.database().use { target in
                try await source.execute(
                    """
                    CREATE TABLE plain (id INTEGER PRIMARY KEY, flag BOOLEAN, r REAL, t TEXT, b BLOB, at DATETIME, n INTEGER)
                    """)
                try await source.execute(
                    """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                    INSERT INTO plain SELECT i, i % 2, CASE WHEN i % 7 = 0 THEN NULL WHEN i % 13 = 0 THEN 0.0 ELSE i / 3.0 END,
                      CASE WHEN i % 5 = 0 THEN NULL ELSE 'row ' || i || char(9) || '\\ü' END,
                      CASE WHEN i % 11 = 0 THEN NULL ELSE randomblob(i % 40) END,
                      datetime(1700000000 + i * 3600, 'unixepoch'), CASE WHEN i % 3 = 0 THEN -i * 4294967296 ELSE i END
                    FROM n
                    """)
                try await source.execute("UPDATE plain SET t = printf('%.200000c', 'x') WHERE id = 1500")
                let sourceDriver = try #require(source.driver as? any TransferSource)
                let targetDriver = try #require(target.driver as? any TransferTarget)
                let transfer = Transfer(source: sourceDriver, target: targetDriver, logger: TestDatabase.logger)
                let plan = try await transfer.plan()
                let table = try #require(plan.tables.first)
                #expect(PostgresRowHasher(table: table) != nil, "every column's type is one PostgreSQL hashes as the client does: \(table.columns.map(\.postgresType))")
                let report = try await transfer.run(plan)
                #expect(report.succeeded)
                let expected = try #require(report.tables.first?.sourceDigest)
                #expect(expected.hasPrefix("2000 rows, row hash "))
                let digest = { (mode: TargetReadBack.Mode) in
                    try await targetDriver.withTransferSession(logger: TestDatabase.logger) { session in
                        try await TargetReadBack(table: table, mode: mode).digest(session: session).description
                    }
                }
                #expect(try await [digest(.server), digest(.packed), digest(.rows)] == Array(repeating: expected, count: 3))
                for change in [
                    "UPDATE plain SET r = r + 1e-12 WHERE id = 10",
                    "UPDATE plain SET t = NULL WHERE id = 10",
                    "UPDATE plain SET n = CASE id WHEN 1 THEN 2 ELSE 1 END WHERE id IN (1, 2)",
                    "INSERT INTO plain (id) VALUES (999999)",
                ] {
                    try await target.execute(change)
                    #expect(try await digest(.server) != expected, "\(change) shows")
                    #expect(try await digest(.packed) == (try await digest(.server)), "the client's hash of what PostgreSQL holds is PostgreSQL's")
                }
            }
        }
    }
}
