extension SchemaDiffRun {
    /// Runs plan lines on a scratch connection. On PostgreSQL the statements of each transaction
    /// go in one round trip: a DO block that EXECUTEs them in order. A block that fails is rolled
    /// back and run again statement by statement, so the error names its step.
    func runBatched(_ lines: [DatabaseSchema.Diff.Line], on connection: any DatabaseConnection, purpose: String) async throws {
        guard connection.dialect == .postgres else { return try await run(lines, on: connection, purpose: purpose) }
        var index = 0
        while index < lines.count {
            guard lines[index].sql == "BEGIN", let end = lines[index...].firstIndex(where: { $0.sql == "COMMIT" }), end - index > 2 else {
                try await run([lines[index]], on: connection, purpose: purpose)
                index += 1
                continue
            }
            let block = Array(lines[index...end])
            do {
                try await connection.execute("BEGIN")
                try await connection.execute(Self.doBlock(block.dropFirst().dropLast().map(\.sql)))
                try await connection.execute("COMMIT")
            } catch {
                logger.debug("diff: a transaction fails as one block (\(error)); running it statement by statement")
                try? await connection.execute("ROLLBACK")
                try await run(block, on: connection, purpose: purpose)
            }
            index = end + 1
        }
    }

    /// `DO $strata_N$BEGIN EXECUTE '…'; … END$strata_N$`, with a dollar-quote tag none of the statements holds.
    static func doBlock(_ statements: [String]) -> String {
        var tag = "$strata$"
        var attempt = 0
        while statements.contains(where: { $0.contains(tag) }) {
            attempt += 1
            tag = "$strata_\(attempt)$"
        }
        return "DO \(tag)BEGIN\n" + statements.map { "EXECUTE " + SQLDialect.postgres.literal($0) + ";" }.joined(separator: "\n") + "\nEND\(tag)"
    }
}
