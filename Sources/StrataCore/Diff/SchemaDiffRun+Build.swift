extension SchemaDiffRun {
    /// Builds the current schema in a scratch database: its SQL as written, or Strata's plan from
    /// an empty database (whose fidelity a failed proof checks).
    /// `lanes`: the other connections that build the tables, when they are open already.
    func build(
        current: DatabaseSchema, from source: DiffSource, in database: any DatabaseDriver, on connection: any DatabaseConnection, lanes: [any DatabaseConnection] = []
    ) async throws {
        if case .sql(let scripts) = source { return try await load(scripts, on: connection, dialect: database.dialect) }
        let steps = try SchemaDiffer().creation(of: current)
        guard current.dialect == .postgres else {
            let lines = DatabaseSchema.Diff(dialect: current.dialect, from: "", to: "", up: steps, down: [], dataLoss: []).lines()
            return try await run(lines, on: connection, purpose: "recreating the current schema")
        }
        // PostgreSQL: the tables (most of the work) on the lanes at once, each in its own
        // transaction; what they need before, and what needs them after, on this one.
        let first = steps.firstIndex { $0.summary.hasPrefix("create table") } ?? steps.count
        let last = steps[first...].firstIndex { !$0.summary.hasPrefix("create table") } ?? steps.count
        func unit(_ steps: some Collection<DatabaseSchema.Diff.Step>) -> [DatabaseSchema.Diff.Line] {
            [.init(sql: "BEGIN", step: nil), .init(sql: "SET LOCAL check_function_bodies = false", step: nil)]
                + steps.flatMap { step in step.statements.map { DatabaseSchema.Diff.Line(sql: $0, step: step.summary) } }
                + [.init(sql: "COMMIT", step: nil)]
        }
        let tables = Array(steps[first..<last])
        let needed = unit(steps[..<first])
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The other connections (unless open already) open while what the tables need is made on this one.
            let made = Task { try await runBatched(needed, on: connection, purpose: "recreating the current schema") }
            defer { made.cancel() }
            let count = lanes.isEmpty ? Self.lanes : lanes.count
            for lane in 0..<count {
                let share = tables.enumerated().filter { $0.offset % count == lane }.map(\.element)
                guard !share.isEmpty else { continue }
                group.addTask {
                    func work(_ other: any DatabaseConnection) async throws {
                        try await made.value
                        try await runBatched(unit(share), on: other, purpose: "recreating the current schema")
                    }
                    guard lanes.isEmpty else { return try await work(lanes[lane]) }
                    try await on(database) { try await work($0) }
                }
            }
            try await made.value
            try await group.waitForAll()
        }
        try await runBatched(unit(steps[last...]), on: connection, purpose: "recreating the current schema")
    }

    /// How many more connections build the current schema's tables at once (the disk takes
    /// several flushes at once: each index built is one).
    static let lanes = 4

    /// `body` given a task that opens `count` read-write connections of `database` at once, so
    /// they open while `body` starts; they are closed when it ends.
    func withLanes<T: Sendable>(
        _ count: Int, of database: any DatabaseDriver, _ body: (Task<[any DatabaseConnection], any Error>) async throws -> T
    ) async throws -> T {
        let lanes = Task { try await withTaskExecutorPreference(database.taskExecutor) { try await open(count, of: database) } }
        func close() async {
            lanes.cancel()
            for connection in (try? await lanes.value) ?? [] { await connection.close() }
        }
        do {
            let result = try await body(lanes)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }

    /// `count` read-write connections of `database`, opened at once; none is left open when one fails.
    func open(_ count: Int, of database: any DatabaseDriver) async throws -> [any DatabaseConnection] {
        let results = await withTaskGroup(of: Result<any DatabaseConnection, any Error>.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do {
                        return .success(try await database.connect(mode: .readWrite, logger: logger))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let opened = results.compactMap { try? $0.get() }
        guard opened.count == count else {
            for connection in opened { await connection.close() }
            for case .failure(let error) in results { throw error }
            throw CancellationError()
        }
        return opened
    }
}
