import StrataCore
/// The work that follows each table's load, shared by the transfer's two PostgreSQL
/// connections. While one connection loads the tables (bound by the client's CPU), the other
/// builds the keys and indexes of the tables already loaded and reads them back for the digest
/// (bound by the server's); once the load is done, both take what is left.
///
/// A job is ready when what it needs exists: a table's keys, indexes, checks and identity once
/// the table is loaded; its read-back likewise; a foreign key once the keys of both its tables
/// are built; the views last. Keys and indexes go first (foreign keys wait for them), then
/// foreign keys (the longest chain at the end), then read-backs. Two foreign keys of one table
/// never run at once: their validations would wait on each other.
actor TransferAgenda {
    struct Job: Sendable, Hashable {
        enum Kind: Sendable, Hashable { case tableSteps, readBack, foreignKey, views }
        var kind: Kind
        /// The table (an index in the plan's tables) the job belongs to; nil for the views.
        var table: Int?
        /// Indices in the plan's steps, run in this order.
        var steps: [Int] = []
    }

    private var waiting: [Job]
    private var loaded: Set<Int> = []
    private var keysBuilt: Set<Int> = []
    private var running: [Job] = []
    private var abandoned = false
    private var sleepers: [CheckedContinuation<Void, Never>] = []
    /// The table each foreign-key step points at, by step index (absent: a table the plan does not move).
    private let referenced: [Int: Int]
    private let tableCount: Int

    init(plan: TransferPlan) {
        let tableIndex = Dictionary(plan.tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var jobs: [Job] = []
        for (index, table) in plan.tables.enumerated() {
            let own = plan.steps.indices.filter { plan.steps[$0].table == table.name && Self.isTableStep(plan.steps[$0].kind) }
            jobs.append(Job(kind: .tableSteps, table: index, steps: own))
            jobs.append(Job(kind: .readBack, table: index))
        }
        var referenced: [Int: Int] = [:]
        for index in plan.steps.indices where plan.steps[index].kind == .foreignKey {
            let step = plan.steps[index]
            jobs.append(Job(kind: .foreignKey, table: tableIndex[step.table], steps: [index]))
            referenced[index] = step.references.flatMap { tableIndex[$0] }
        }
        jobs.append(Job(kind: .views, table: nil, steps: plan.steps.indices.filter { [.view, .function, .trigger].contains(plan.steps[$0].kind) }))
        waiting = jobs
        self.referenced = referenced
        tableCount = plan.tables.count
    }

    static func isTableStep(_ kind: TransferStep.Kind) -> Bool {
        switch kind {
        case .primaryKey, .unique, .index, .check, .identity: true
        case .foreignKey, .view, .function, .trigger: false
        }
    }

    /// Table `index` is in PostgreSQL (loaded now, or by an earlier run).
    func markLoaded(_ index: Int) {
        loaded.insert(index)
        wake()
    }

    /// The next job that is ready; waits while none is; nil when nothing is left to take.
    func next() async -> Job? {
        while !abandoned {
            let ready = { (kind: Job.Kind) in self.waiting.firstIndex { $0.kind == kind && self.isReady($0) } }
            if let index = ready(.tableSteps) ?? ready(.foreignKey) ?? waiting.firstIndex(where: isReady) {
                let job = waiting.remove(at: index)
                running.append(job)
                return job
            }
            if waiting.isEmpty { return nil }
            await withCheckedContinuation { sleepers.append($0) }
        }
        return nil
    }

    func finished(_ job: Job) {
        running.removeAll { $0 == job }
        if job.kind == .tableSteps, let table = job.table { keysBuilt.insert(table) }
        wake()
    }

    /// Stops handing out jobs (a connection failed): the other connection's worker ends.
    func abandon() {
        abandoned = true
        wake()
    }

    func isReady(_ job: Job) -> Bool {
        switch job.kind {
        case .tableSteps, .readBack:
            return job.table.map(loaded.contains) ?? true
        case .foreignKey:
            guard let table = job.table, keysBuilt.contains(table), !running.contains(where: { $0.kind == .foreignKey && $0.table == table }) else { return false }
            // A key to a table the plan does not move (it fails on its own) waits for every table.
            guard let step = job.steps.first, let target = referenced[step] else { return keysBuilt.count == tableCount }
            return keysBuilt.contains(target)
        case .views:
            return running.isEmpty && waiting.allSatisfy { $0.kind == .views }
        }
    }

    private func wake() {
        let woken = sleepers
        sleepers = []
        for sleeper in woken { sleeper.resume() }
    }
}
