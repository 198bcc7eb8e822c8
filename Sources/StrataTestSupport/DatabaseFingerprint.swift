import Crypto
import Foundation
package import Strata

/// Per-table row counts and order-independent content hashes of a database: two databases
/// with equal fingerprints hold the same rows.
package struct DatabaseFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// `table` → `rows:sha256-prefix`.
    package let tables: [String: String]

    package var description: String {
        tables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// Reads every user table of the database `driver` reaches.
    package static func of(_ driver: any DatabaseDriver) async throws -> DatabaseFingerprint {
        try await driver.withConnection(.readWrite, logger: TestDatabase.logger) { connection in
            var tables: [String: String] = [:]
            if connection.dialect == .sqlite {
                let names = try await connection.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                for name in names.compactMap({ $0.values.first?.string }) {
                    let rows = try await connection.query("SELECT * FROM \(SQLDialect.sqlite.quote(name))")
                    tables[name] = digest(rows.map { $0.values.map(render).joined(separator: "|") })
                }
            } else {
                let names = try await connection.query(
                    """
                    SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
                    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
                    """)
                for name in names.compactMap({ $0.values.first?.string }) {
                    let rows = try await connection.query("SELECT t::text FROM \(name) AS t")
                    tables[name] = digest(rows.map { $0.values.first?.string ?? "" })
                }
            }
            return DatabaseFingerprint(tables: tables)
        }
    }

    private static func render(_ value: SQLValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): "i\(number)"
        case .real(let number): "r\(number.bitPattern)"
        case .text(let text): "t" + text.debugDescription
        case .blob(let bytes): "b" + bytes.map { String($0, radix: 16) }.joined(separator: ",")
        }
    }

    private static func digest(_ rows: [String]) -> String {
        var hasher = SHA256()
        for row in rows.sorted() { hasher.update(data: Data((row + "\n").utf8)) }
        return "\(rows.count):" + hasher.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
