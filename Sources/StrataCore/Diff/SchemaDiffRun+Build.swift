extension SchemaDiffRun {
    /// Builds the current schema in a scratch database: its SQL as written, or Strata's plan from
    /// an empty database (whose fidelity a failed proof checks).
    func build(current: DatabaseSchema, from source: DiffSource, in database: any DatabaseDriver, on connection: any DatabaseConnection) async throws {
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
            // The other connections open while what the tables need is made on this one.
            let made = Task { try await runBatched(needed, on: connection, purpose: "recreating the current schema") }
            defer { made.cancel() }
            for lane in 0..<Self.lanes {
                let share = tables.enumerated().filter { $0.offset % Self.lanes == lane }.map(\.element)
                guard !share.isEmpty else { continue }
                group.addTask {
                    try await on(database) { other in
                        try await made.value
                        try await runBatched(unit(share), on: other, purpose: "recreating the current schema")
                    }
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
}
