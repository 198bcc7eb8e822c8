import StrataCore
/// Creates one table on PostgreSQL and streams its rows in with COPY, in one transaction,
/// computing the source digest of exactly the rows sent.
struct TableLoader {
    let table: TransferTablePlan
    let policy: UnfitValuePolicy
    let progress: (@Sendable (TransferProgress) -> Void)?
    /// Create the table and load no rows.
    var schemaOnly = false
    /// Rows read per batch and bytes sent per COPY message: memory stays bounded by these.
    let batchRows = 2_000
    let chunkBytes = 1 << 20

    /// The digest of the source rows a load would send, without sending them.
    func sourceDigest(from snapshot: any TransferSnapshot) throws -> TableDigest {
        if schemaOnly { return TableDigest() }
        let cursor = try snapshot.rows(of: table.name, columns: table.columns.map(\.column))
        var encoder = RowEncoder(table: table, policy: policy, copy: false)
        while try cursor.step(limit: batchRows, { cells in _ = try encoder.encode(cells) }) {}
        return encoder.digest
    }

    /// - Parameter commit: runs in the table's transaction just before COMMIT (the log entry).
    func load(
        from snapshot: any TransferSnapshot, into session: any TransferTargetSession,
        commit: () async throws -> Void = {}
    ) async throws -> (TransferReport.Table, [TransferReport.Rejection]) {
        let started = ContinuousClock.now
        var rejections: [TransferReport.Rejection] = []
        var rejected: Int64 = 0
        var encoder = RowEncoder(table: table, policy: policy, copy: true)
        let cursor = try snapshot.rows(of: table.name, columns: table.columns.map(\.column))
        try await session.execute("BEGIN")
        do {
            if !table.create.isEmpty { try await session.execute(table.create) }
            guard !schemaOnly else {
                try await commit()
                try await session.execute("COMMIT")
                return (
                    TransferReport.Table(
                        name: table.name, rows: 0, rejected: 0, sourceDigest: encoder.digest.description, targetDigest: "", verified: false, milliseconds: milliseconds(since: started)), []
                )
            }
            try await session.copy(into: table.targetName, columns: table.columns.map(\.targetColumn)) { send in
                encoder.buffer.reserveCapacity(chunkBytes + 64 * 1024)
                var more = true
                while more {
                    // The other connection failed: stop here, this table rolls back.
                    try Task.checkCancellation()
                    more = try cursor.step(limit: batchRows) { cells in
                        guard let rejection = try encoder.encode(cells) else { return }
                        rejected += 1
                        if rejections.count < 1_000 { rejections.append(rejection) }
                    }
                    if encoder.buffer.count >= chunkBytes || (!more && !encoder.buffer.isEmpty) {
                        try await send(encoder.buffer)
                        encoder.buffer.removeAll(keepingCapacity: true)
                    }
                    progress?(.table(name: table.name, rows: encoder.position, total: table.rows))
                }
            }
            try await commit()
            try await session.execute("COMMIT")
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
        let digest = encoder.digest
        progress?(.loaded(name: table.name, rows: encoder.position, seconds: (ContinuousClock.now - started).seconds))
        let summary = TransferReport.Table(
            name: table.name, rows: digest.rows, rejected: rejected, sourceDigest: digest.description,
            targetDigest: "", verified: false, milliseconds: milliseconds(since: started))
        return (summary, rejections)
    }
}

/// The per-row work of a load: the COPY text of each row into `buffer` (when `copy`), its
/// canonical form into `digest`. One value of this type per table: the loops touch one
/// variable per row, not five.
struct RowEncoder {
    let table: String
    let names: [String]
    let shapes: [ValueShape]
    let policy: UnfitValuePolicy
    let copy: Bool
    var buffer: [UInt8] = []
    var canonical = RowCanonicalizer()
    /// PostgreSQL's row hash, when the table's columns allow it (see `PostgresRowHasher`).
    let hasher: PostgresRowHasher?
    var digest: TableDigest
    /// Rows read so far (1-based position of the last one).
    var position: Int64 = 0

    init(table: TransferTablePlan, policy: UnfitValuePolicy, copy: Bool) {
        self.table = table.name
        names = table.columns.map(\.column)
        shapes = table.columns.map(ValueShape.init)
        self.policy = policy
        self.copy = copy
        hasher = PostgresRowHasher(table: table)
        digest = TableDigest(hasher: hasher)
    }

    /// Appends one row to `buffer` and `digest`; a row with a value that does not fit is left
    /// out of both and returned (policy reject) or stops the transfer (policy widen).
    mutating func encode(_ cells: UnsafeBufferPointer<TransferCell>) throws -> TransferReport.Rejection? {
        position += 1
        let mark = buffer.count
        canonical.reset()
        var column = 0
        do throws(UnfitValue) {
            try shapes.withUnsafeBufferPointer { shapes throws(UnfitValue) in
                while column < shapes.count {
                    if copy {
                        if column > 0 { buffer.append(0x09) }
                        try TransferValues.appendCopy(cells[column], shapes[column], to: &buffer)
                    } else if case .text(let bytes) = cells[column], shapes[column].encoding != .bytes {
                        _ = try TransferValues.checkText(bytes)  // what appendCopy refuses, refused here too
                    }
                    try canonical.append(cells[column], shapes[column])
                    column += 1
                }
            }
            if copy { buffer.append(0x0A) }
            digest.add(canonical: canonical.buffer, hasher: hasher)
            return nil
        } catch {
            let name = names[column]
            guard policy == .reject else {
                throw StrataError(
                    .validation, "table \(table), row \(position), column \(name): \(error.reason)",
                    state: "the transfer stopped; this table was rolled back",
                    nextStep: "rerun with \(Remedy.rejectUnfitRows) to leave such rows out and list them in the report")
            }
            buffer.removeSubrange(mark...)
            return TransferReport.Rejection(table: table, row: position, column: name, reason: error.reason)
        }
    }
}
