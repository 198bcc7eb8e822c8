import StrataCore
/// Reads a transferred table back from PostgreSQL for its digest.
///
/// Row by row, a client spends most of its time on each row's message rather than on its values
/// (about 2.5 µs a row with postgres-nio). So the rows are read in *packs*: PostgreSQL encodes
/// each row in its binary send format (`int8send`, `float8send`, `textsend`…) and concatenates a
/// range of pages into one `bytea` (`string_agg` over a `ctid` range, a TID range scan), which
/// the client walks in one tight loop. A pack that PostgreSQL cannot build (a value too large to
/// aggregate) is read again row by row; so is every table where packs do not apply (before
/// PostgreSQL 14, which has no TID range scan, or a server encoding other than UTF-8).
///
/// Cheaper still, where the table's columns allow it (`PostgresRowHasher`) and the server has
/// `hash_record_extended` (PostgreSQL 14 and later): PostgreSQL sums its own hash of every row,
/// and only the sum comes back.
struct TargetReadBack {
    enum Mode: Sendable { case server, packed, rows }

    let table: TransferTablePlan
    var mode: Mode = .server
    /// About this many bytes of table per pack: the client holds two at a time (one walked, the
    /// next arriving).
    var packBytes: Int64 = 8 << 20

    /// The table's digest, computed from what PostgreSQL holds. While the client walks one pack,
    /// PostgreSQL builds the next.
    func digest(session: any TransferTargetSession) async throws -> TableDigest {
        if mode == .server, let hasher = PostgresRowHasher(table: table), let digest = try await serverDigest(hasher, session: session) {
            return digest
        }
        guard mode != .rows, let layout = try await layout(session: session) else {
            var builder = DigestBuilder(table: table)
            try await session.forEachRow(rowsQuery(range: nil)) { try builder.add($0) }
            return builder.digest
        }
        let ranges = stride(from: Int64(0), to: layout.pages, by: Int(layout.pagesPerPack)).map { first in
            first..<(first + layout.pagesPerPack >= layout.pages ? Int64.max : first + layout.pagesPerPack)
        }
        var builder = DigestBuilder(table: table)
        let kinds = table.columns.map(WireKind.init)
        var next = ranges.first.map { range in Task { try await fetch(range, session: session) } }
        var taken = 0
        do {
            while let current = next {
                let fetched = try await current.value
                taken += 1
                next = taken < ranges.count ? Task { [taken] in try await fetch(ranges[taken], session: session) } : nil
                switch fetched {
                case .pack(let pack): try pack.withUnsafeBytes { try Self.unpack($0, kinds: kinds, table: table.name) { try builder.add($0) } }
                case .digested(let part): builder.digest.merge(part)
                }
            }
        } catch {
            _ = try? await next?.value  // the connection is free again before the error leaves
            throw error
        }
        return builder.digest
    }

    /// PostgreSQL's own digest of the table; nil before PostgreSQL 14.
    func serverDigest(_ hasher: PostgresRowHasher, session: any TransferTargetSession) async throws -> TableDigest? {
        guard try await session.query("SELECT current_setting('server_version_num')::int8 >= 140000 AS recent").first?["recent"].integer == 1,
            let row = try await session.query(hasher.query(table: table)).first, let count = row["n"].integer
        else { return nil }
        return PostgresRowHasher.digest(count: count, sum: row["h"].string)
    }

    enum Fetched: Sendable {
        case pack([UInt8])
        /// Pages read row by row (too large to pack), already digested.
        case digested(TableDigest)
    }

    /// One range of pages as a pack; row by row when PostgreSQL cannot build the pack.
    func fetch(_ range: Range<Int64>, session: any TransferTargetSession) async throws -> Fetched {
        do {
            // One copy off the wire; NULL when these pages hold no rows.
            guard case .blob(let pack) = try await session.query(packQuery(range: range)).first?.values.first else { return .pack([]) }
            return .pack(pack)
        } catch let error as StrataError where Self.tooLargeToPack(error) {
            // Over PostgreSQL's 1 GB limit on a value, or its memory.
            var builder = DigestBuilder(table: table)
            try await session.forEachRow(rowsQuery(range: range)) { try builder.add($0) }
            return .digested(builder.digest)
        }
    }

    /// Rows in canonical form into a digest.
    struct DigestBuilder {
        let table: TransferTablePlan
        let shapes: [ValueShape]
        let hasher: PostgresRowHasher?
        var canonical = RowCanonicalizer()
        var digest: TableDigest

        init(table: TransferTablePlan) {
            self.table = table
            shapes = table.columns.map(ValueShape.init)
            hasher = PostgresRowHasher(table: table)
            digest = TableDigest(hasher: hasher)
        }

        mutating func add(_ cells: UnsafeBufferPointer<TransferCell>) throws {
            canonical.reset()
            for index in shapes.indices {
                do {
                    try canonical.append(cells[index], shapes[index])
                } catch {
                    throw StrataError(
                        .validation, "reading back table \(table.name), column \(table.columns[index].column): \(error.reason)",
                        state: "the data is in PostgreSQL; it could not be verified",
                        nextStep: "report this: PostgreSQL holds a value Strata did not send")
                }
            }
            digest.add(canonical: canonical.buffer, hasher: hasher)
        }
    }

    struct Layout {
        var pages: Int64
        var pagesPerPack: Int64
    }

    /// The table's size in pages, and how many pages make a pack; nil when packs do not apply.
    func layout(session: any TransferTargetSession) async throws -> Layout? {
        let name = SQLDialect.postgres.literal(SQLDialect.postgres.quote(table.targetName))
        let rows = try await session.query(
            """
            SELECT current_setting('server_version_num')::int8 >= 140000 AND current_setting('server_encoding') = 'UTF8',
                   pg_relation_size(\(name)::regclass) / current_setting('block_size')::int8,
                   pg_table_size(\(name)::regclass)
            """)
        guard let values = rows.first?.values, values.count == 3, case .integer(let pages) = values[1], case .integer(let bytes) = values[2],
            values[0].integer == 1
        else { return nil }
        let bytesPerPage = max(8192, bytes / max(1, pages))
        return Layout(pages: pages, pagesPerPack: max(1, packBytes / bytesPerPage))
    }

    /// `string_agg` of every row in a range of pages (to the end when it ends at `Int64.max`), each value as a 4-byte big-endian length
    /// (-1 for NULL) and its binary send form, as in a `DataRow` message.
    func packQuery(range: Range<Int64>) -> String {
        let values = table.columns.map { column -> String in
            let name = SQLDialect.postgres.quote(column.targetColumn)
            switch WireKind(column) {
            case .int8: return "coalesce(E'\\\\x00000008'::bytea || int8send(\(name)), E'\\\\xffffffff'::bytea)"
            case .bool: return "coalesce(E'\\\\x00000001'::bytea || boolsend(\(name)), E'\\\\xffffffff'::bytea)"
            case .float8: return "coalesce(E'\\\\x00000008'::bytea || float8send(\(name)), E'\\\\xffffffff'::bytea)"
            case .timestamp: return "coalesce(E'\\\\x00000008'::bytea || timestamptz_send(\(name)), E'\\\\xffffffff'::bytea)"
            case .bytea: return "coalesce(int4send(octet_length(\(name))) || \(name), E'\\\\xffffffff'::bytea)"
            case .text:
                let text = column.postgresType == "text" ? name : "\(name)::text"
                return "coalesce(int4send(octet_length(\(text))) || textsend(\(text)), E'\\\\xffffffff'::bytea)"
            }
        }
        return "SELECT string_agg(" + values.joined(separator: " || ") + ", ''::bytea) FROM " + SQLDialect.postgres.quote(table.targetName)
            + " WHERE " + Self.pageFilter(range)
    }

    /// The columns in the form `forEachRow` reads, optionally for a range of pages only.
    func rowsQuery(range: Range<Int64>?) -> String {
        "SELECT " + table.columns.map(RowCanonicalizer.selectExpression).joined(separator: ", ")
            + " FROM " + SQLDialect.postgres.quote(table.targetName) + (range.map { " WHERE " + Self.pageFilter($0) } ?? "")
    }

    /// Out of memory (class 53), over a limit (54) or an internal error such as "invalid
    /// memory alloc request size" (XX): what building a pack can hit that reading rows does not.
    static func tooLargeToPack(_ error: StrataError) -> Bool {
        guard error.code == .sql, let state = error.sqlState else { return false }
        return state.hasPrefix("53") || state.hasPrefix("54") || state.hasPrefix("XX")
    }

    static func pageFilter(_ range: Range<Int64>) -> String {
        let lower = "ctid >= '(\(range.lowerBound),0)'::tid"
        return range.upperBound == Int64.max ? lower : lower + " AND ctid < '(\(range.upperBound),0)'::tid"
    }
}
