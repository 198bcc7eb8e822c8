/// Reads another tool's history table, as it is: `SELECT *`, never a write.
enum ForeignHistoryReader {
    /// - Parameter table: the table's name when not the tool's default (`schema.table` names a schema).
    /// - Throws: `.validation`, nothing changed: no such table, or one whose columns show another tool wrote it.
    static func read(_ source: AdoptionSource, table: String?, on connection: any DatabaseConnection, target: String) async throws -> ForeignHistory {
        let candidates = table.map { [$0] } ?? source.defaultTables
        for name in candidates {
            let rows: [SQLRow]
            do {
                rows = try await connection.query("SELECT * FROM \(connection.dialect.quoteQualified(name))")
            } catch let error as StrataError where error.code == .undefinedObject {
                continue
            }
            try check(rows, source: source, table: name)
            return try ForeignHistory(source: source, table: name, rows: rows)
        }
        throw StrataError(
            .validation, "cannot adopt: \(target) has no \(source.displayName) history table (\(candidates.joined(separator: " or ")))",
            state: "nothing was changed",
            nextStep: "pass \(Remedy.adoptTable) if \(source.displayName) keeps its history under another name, or check \(Remedy.adoptFrom(nil)) and the database URL")
    }

    /// The columns of the first row against what `source` writes: a table of the same name written
    /// by another tool (dbmate's and golang-migrate's are both `schema_migrations`) is named as such.
    static func check(_ rows: [SQLRow], source: AdoptionSource, table: String) throws {
        guard let columns = rows.first.map({ Set($0.columns.map { $0.lowercased() }) }) else { return }
        let lacking = source.requiredColumns.filter { !columns.contains($0) }
        if source == .dbmate, columns.contains("dirty") {
            throw StrataError(
                .validation, "cannot adopt: \(table) has a dirty column: golang-migrate wrote it, not dbmate",
                state: "nothing was changed", nextStep: "adopt with \(Remedy.adoptFrom("golang-migrate"))")
        }
        guard lacking.isEmpty else {
            let wrote = AdoptionSource.allCases.first { other in
                other != source && other.defaultTables.contains(table) && other.requiredColumns.allSatisfy(columns.contains)
            }
            throw StrataError(
                .validation, "cannot adopt: \(table) has no column \(lacking.joined(separator: ", ")): \(source.displayName) did not write it",
                state: "nothing was changed",
                nextStep: wrote.map { "adopt with \(Remedy.adoptFrom($0.rawValue))" } ?? "check \(Remedy.adoptFrom(nil)), or pass \(Remedy.adoptTable) for \(source.displayName)'s table")
        }
    }
}
