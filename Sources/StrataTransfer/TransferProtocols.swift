package import StrataCore
package import Logging

/// Rows of one table, read in batches from one snapshot of the source.
package protocol TransferRowCursor: AnyObject {
    /// Calls `row` for up to `limit` rows (the cells are valid during the call only).
    /// - Returns: false once the table has no more rows.
    func step(limit: Int, _ row: (UnsafeBufferPointer<TransferCell>) throws -> Void) throws -> Bool
}

/// A source snapshot: every table read from it sees the same commit point.
package protocol TransferSnapshot: AnyObject {
    func rows(of table: String, columns: [String]) throws -> any TransferRowCursor
}

/// The SQLite side of a transfer.
package protocol TransferSource: SchemaIntrospecting {
    /// Each table's column profiles and rowid column, by table name.
    func profiles(of tables: [DatabaseSchema.Table], logger: Logger) async throws -> [String: TableProfile]
    /// The rows each view returns (a view SQLite itself cannot run is left out).
    func rowCounts(ofViews views: [String], logger: Logger) async throws -> [String: Int64]
    /// Runs `body` inside one read transaction.
    func withSnapshot<T: Sendable>(logger: Logger, _ body: (any TransferSnapshot) async throws -> T) async throws -> T
}

/// One connection to the PostgreSQL side, its session in UTC. A transfer uses two at once,
/// each from one task at a time.
package protocol TransferTargetSession: AnyObject, Sendable {
    func execute(_ sql: String) async throws
    func query(_ sql: String) async throws -> [SQLRow]
    /// `COPY table (columns) FROM STDIN` in text format; `produce` sends the data in chunks.
    func copy(into table: String, columns: [String], _ produce: (_ send: ([UInt8]) async throws -> Void) async throws -> Void) async throws
    /// Streams the rows of `sql` as cells: bigint/boolean as integers (0/1), double precision
    /// as reals, timestamptz as integer microseconds since 1970, bytea as blobs, the rest as text.
    func forEachRow(_ sql: String, _ body: (UnsafeBufferPointer<TransferCell>) throws -> Void) async throws
}

/// The PostgreSQL side of a transfer.
package protocol TransferTarget: DatabaseDriver {
    func withTransferSession<T: Sendable>(logger: Logger, _ body: (any TransferTargetSession) async throws -> T) async throws -> T
}
