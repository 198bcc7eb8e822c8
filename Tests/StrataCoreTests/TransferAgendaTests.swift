import Testing
@testable import StrataTransfer
@testable import StrataCore

/// Which job of a transfer's second half is ready when: the work two connections share.
@Suite("Transfer agenda")
struct TransferAgendaTests {
    typealias Job = TransferAgenda.Job

    /// parent ← child (a foreign key), parent ↔ other (cyclic keys), child → other, a view.
    let plan: TransferPlan = {
        let table = { (name: String) in TransferTablePlan(name: name, rows: 0, columns: [], create: "") }
        let step = { (kind: TransferStep.Kind, table: String, references: String?) in
            TransferStep(kind: kind, table: table, name: "\(kind.rawValue) \(table)", sql: "", references: references)
        }
        return TransferPlan(
            tables: [table("parent"), table("child"), table("other")],
            steps: [
                step(.primaryKey, "parent", nil), step(.primaryKey, "child", nil), step(.index, "child", nil), step(.primaryKey, "other", nil),
                step(.foreignKey, "child", "parent"), step(.foreignKey, "parent", "other"), step(.foreignKey, "other", "parent"),
                step(.foreignKey, "child", "other"), step(.view, "v", nil),
            ], unfit: .widen)
    }()

    @Test("a table's steps and read-back wait for its load; a foreign key for the keys of both its tables; views for everything")
    func order() async throws {
        let agenda = TransferAgenda(plan: plan)
        await agenda.markLoaded(1)
        let childSteps = try #require(await agenda.next())
        #expect(childSteps == Job(kind: .tableSteps, table: 1, steps: [1, 2]))
        #expect(await agenda.next() == Job(kind: .readBack, table: 1))
        await agenda.finished(childSteps)
        let childKey = Job(kind: .foreignKey, table: 1, steps: [4])
        #expect(await !agenda.isReady(childKey), "the parent's key is not built yet")
        await agenda.markLoaded(0)
        let parentSteps = try #require(await agenda.next())
        #expect(parentSteps == Job(kind: .tableSteps, table: 0, steps: [0]))
        await agenda.finished(parentSteps)
        #expect(await agenda.next() == childKey, "a foreign key before a read-back: keys are the longer chain")
        #expect(await agenda.next() == Job(kind: .readBack, table: 0))
        #expect(await !agenda.isReady(Job(kind: .views, steps: [8])), "views wait for everything else")
    }

    @Test("keys of different tables run at once, cyclic ones included (their locks are taken in one order); two of one table never do")
    func keysAtOnce() async throws {
        let agenda = TransferAgenda(plan: plan)
        for table in 0..<3 { await agenda.markLoaded(table) }
        var taken: [Job] = []
        for _ in 0..<6 { taken.append(try #require(await agenda.next())) }
        #expect(taken.map(\.kind) == [.tableSteps, .tableSteps, .tableSteps, .readBack, .readBack, .readBack], "keys and indexes first")
        for job in taken where job.kind == .tableSteps { await agenda.finished(job) }
        let childToParent = try #require(await agenda.next())
        #expect(childToParent == Job(kind: .foreignKey, table: 1, steps: [4]))
        #expect(await agenda.next() == Job(kind: .foreignKey, table: 0, steps: [5]))
        #expect(await agenda.next() == Job(kind: .foreignKey, table: 2, steps: [6]))
        let childToOther = Job(kind: .foreignKey, table: 1, steps: [7])
        #expect(await !agenda.isReady(childToOther), "the child's second key waits for its first: both validations lock the child")
        await agenda.finished(childToParent)
        #expect(await agenda.isReady(childToOther))
    }

    @Test("a worker waiting for a job ends when the agenda is abandoned, and when all is done")
    func ending() async throws {
        let abandoned = TransferAgenda(plan: plan)
        let waiting = Task { await abandoned.next() }
        await abandoned.abandon()
        #expect(await waiting.value == nil)

        let agenda = TransferAgenda(plan: TransferPlan(tables: [], steps: [], unfit: .widen))
        let views = try #require(await agenda.next())
        #expect(views.kind == .views && views.steps.isEmpty)
        await agenda.finished(views)
        #expect(await agenda.next() == nil)
    }
}
