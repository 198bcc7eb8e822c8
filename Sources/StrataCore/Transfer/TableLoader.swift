/// Creates one table on PostgreSQL and streams its rows in with COPY, in one transaction,
/// computing the source digest of exactly the rows sent.
struct TableLoader {
    let table: TransferTablePlan
    let policy: UnfitValuePolicy
    let progress: (@Sendable (TransferProgress) -> Void)?
    /// Rows read per batch and bytes sent per COPY message: memory stays bounded by these.
    let batchRows = 2_000
    let chunkBytes = 1 << 20

    /// Appends one row to `buffer` and `digest`; a row with a value that does not fit is left
    /// out of both and returned (policy reject) or stops the transfer (policy widen).
    func encode(_ cells: UnsafeBufferPointer<TransferCell>, row position: Int64, into buffer: inout [UInt8], canonical: inout RowCanonicalizer,
                digest: inout TableDigest) throws -> TransferReport.Rejection? {
        let mark = buffer.count
        canonical.reset()
        do {
            // By index: the mappings are borrowed from the array, not copied (and retained) per value.
            for index in table.columns.indices {
                if index > 0 { buffer.append(0x09) }
                try TransferValues.appendCopy(cells[index], table.columns[index], to: &buffer)
                try canonical.append(cells[index], table.columns[index])
            }
            buffer.append(0x0A)
            digest.add(canonical: canonical.buffer)
            return nil
        } catch let unfit as UnfitValue {
            guard policy == .reject else {
                throw StrataError(.validation, "table \(table.name), row \(position), column \(unfit.column): \(unfit.reason)",
                                  state: "the transfer stopped; this table was rolled back",
                                  nextStep: "rerun with --on-unfit reject to leave such rows out and list them in the report")
            }
            buffer.removeSubrange(mark...)
            return TransferReport.Rejection(table: table.name, row: position, column: unfit.column, reason: unfit.reason)
        }
    }

    /// The digest of the source rows a load would send, without sending them.
    func sourceDigest(from snapshot: any TransferSnapshot) throws -> TableDigest {
        let cursor = try snapshot.rows(of: table.name, columns: table.columns.map(\.column))
        var digest = TableDigest()
        var buffer: [UInt8] = []
        var canonical = RowCanonicalizer()
        var position: Int64 = 0
        while try cursor.step(limit: batchRows, { cells in
            position += 1
            _ = try encode(cells, row: position, into: &buffer, canonical: &canonical, digest: &digest)
            buffer.removeAll(keepingCapacity: true)
        }) {}
        return digest
    }

    /// - Parameter commit: runs in the table's transaction just before COMMIT (the log entry).
    func load(from snapshot: any TransferSnapshot, into session: any TransferTargetSession,
              commit: () async throws -> Void = {}) async throws -> (TransferReport.Table, [TransferReport.Rejection]) {
        let started = ContinuousClock.now
        var digest = TableDigest()
        var rejections: [TransferReport.Rejection] = []
        var rejected: Int64 = 0
        var position: Int64 = 0
        let cursor = try snapshot.rows(of: table.name, columns: table.columns.map(\.column))
        try await session.execute("BEGIN")
        do {
            try await session.execute(table.create)
            try await session.copy(into: table.name, columns: table.columns.map(\.column)) { send in
                var buffer: [UInt8] = []
                buffer.reserveCapacity(chunkBytes + 64 * 1024)
                var canonical = RowCanonicalizer()
                var more = true
                while more {
                    more = try cursor.step(limit: batchRows) { cells in
                        position += 1
                        guard let rejection = try encode(cells, row: position, into: &buffer, canonical: &canonical, digest: &digest) else { return }
                        rejected += 1
                        if rejections.count < 1_000 { rejections.append(rejection) }
                    }
                    if buffer.count >= chunkBytes || (!more && !buffer.isEmpty) {
                        try await send(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                    progress?(.table(name: table.name, rows: position, total: table.rows))
                }
            }
            try await commit()
            try await session.execute("COMMIT")
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
        let summary = TransferReport.Table(name: table.name, rows: digest.rows, rejected: rejected, sourceDigest: digest.description,
                                           targetDigest: "", verified: false, milliseconds: milliseconds(since: started))
        return (summary, rejections)
    }
}
