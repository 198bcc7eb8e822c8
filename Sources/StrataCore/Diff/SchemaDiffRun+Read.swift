/// Reading the two sides of a diff.
extension SchemaDiffRun {
    /// One side as its reader hands it out, with its comparable form and graph made at once
    /// (while the other side may still be read).
    func side(_ schemas: AsyncThrowingStream<DatabaseSchema, any Error>, _ name: String, since started: ContinuousClock.Instant) async throws
        -> DiffSide
    {
        for try await schema in schemas {
            let read = milliseconds(since: started)
            let side = DiffSide(schema)
            logger.debug("diff: the \(name) schema read at \(read) ms, its forms made at \(milliseconds(since: started)) ms")
            return side
        }
        throw CancellationError()
    }

    /// Reads one side and hands its schema out. A live database read with no kind ignored hands
    /// it out as soon as it is read, then looks for objects Strata does not diff on the same
    /// connection and returns the refusal, if any: the plan needs only the schema, and that search
    /// is among the costliest of the catalog queries. Otherwise the refusal is thrown as it is found.
    func readFirst(_ source: DiffSource, side: String, handOut: AsyncThrowingStream<DatabaseSchema, any Error>.Continuation) async throws
        -> StrataError?
    {
        do {
            guard case .database(let driver) = source, ignoring.isEmpty else {
                handOut.yield(try await read(source, side: side))
                handOut.finish()
                return nil
            }
            return try await on(driver, .readOnly) { connection in
                handOut.yield(try await driver.introspectSchema(on: connection, names: names, includeHistory: false))
                handOut.finish()
                let all = try await driver.undiffedObjects(on: connection, names: names)
                do {
                    _ = try screen(all, side: side)
                    return nil
                } catch let refusal as StrataError {
                    return refusal
                }
            }
        } catch {
            handOut.finish(throwing: error)
            throw error
        }
    }

    /// The schema of one side.
    package func read(_ source: DiffSource, side: String) async throws -> DatabaseSchema {
        switch source {
        case .database(let driver):
            // A database that is not a scratch one is only read: SQLite does not create a missing file.
            return try await on(driver, .readOnly) { try await inspect(driver, on: $0, side: side) }
        case .sql(let scripts):
            return try await scratch.withScratchDatabase(logger: logger) { database in
                try await on(database) { connection in
                    try await load(scripts, on: connection, dialect: database.dialect)
                    guard let inventorying = database as? any SchemaInventorying else {
                        return try await database.introspectSchema(on: connection, names: names, includeHistory: false)
                    }
                    return try await inspect(inventorying, on: connection, side: side)
                }
            }
        }
    }

    /// The schema read on `connection`, refusing objects Strata does not diff unless their kind is ignored.
    func inspect(_ database: any SchemaInventorying, on connection: any DatabaseConnection, side: String) async throws -> DatabaseSchema {
        // Both sent at once: the connection runs the second while this end reads the first.
        async let read = database.introspectSchema(on: connection, names: names, includeHistory: false)
        let left = try screen(try await database.undiffedObjects(on: connection, names: names), side: side)
        var schema = try await read
        schema.tables.removeAll { left.contains($0.name) || left.contains("\($0.schema ?? "").\($0.name)") }
        return schema
    }

    /// Refuses objects Strata does not diff, unless their kind is ignored; returns the tables of
    /// ignored kinds, which the schema leaves out.
    func screen(_ all: [UndiffedObject], side: String) throws -> Set<String> {
        let undiffed = all.filter { !ignoring.contains($0.kind) }
        guard undiffed.isEmpty else {
            let kinds = Set(undiffed.map(\.kind)).sorted()
            throw StrataError(
                .unsupported,
                "the \(side) schema has objects Strata does not diff: \(counted(undiffed.count, "object")) — "
                    + undiffed.prefix(12).map { "\($0.kind) \($0.name)" }.joined(separator: ", ") + (undiffed.count > 12 ? ", …" : ""),
                state: "nothing was changed",
                nextStep: "write their changes by hand, and leave them out knowingly with \(Remedy.ignoreKinds(kinds))")
        }
        return Set(all.filter { ignoring.contains($0.kind) }.flatMap(\.tables))
    }

    /// Runs a schema's SQL files statement by statement.
    func load(_ scripts: [SQLScript], on connection: any DatabaseConnection, dialect: SQLDialect) async throws {
        for statement in try scripts.flatMap({ try $0.statements(dialect: dialect) }) {
            do {
                try await connection.execute(statement.text, [])
            } catch let error as StrataError {
                // Where in the statement the database says it failed, when it says.
                let location = Migrator.location(of: error.positionInStatement, in: statement)
                throw StrataError(
                    .validation, "\(location): \(error.summary)", location: location, state: "nothing was changed",
                    nextStep: "fix the schema SQL; it must run as it is on an empty database")
            }
        }
    }
}

/// One side of a diff as read, with what the plan, its scope and its proof compare it by: made
/// once, as soon as the side is read.
struct DiffSide: Sendable {
    let schema: DatabaseSchema
    /// `schema.comparable()`.
    let comparable: DatabaseSchema
    /// What depends on what (PostgreSQL): the proof's scope.
    let graph: Graph?

    init(_ schema: DatabaseSchema) {
        self.schema = schema
        comparable = schema.comparable()
        graph = schema.dialect == .postgres ? Graph(schema, comparable: comparable) : nil
    }
}
