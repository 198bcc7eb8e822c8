import StrataCore

extension Strata.Fleet {
    /// Runs `operation` on every target, stage by stage, `options.parallel` at once: a stage
    /// starts when the one before has finished. A failed target (its error kept in its outcome)
    /// stops the run unless `options.continueOnError`: no other target starts, the running ones
    /// finish, the stage's and later stages' targets not started are `skipped`. With
    /// `options.resume`, the targets the journal records as done are not run (`resumed`).
    /// - Parameter operation: migrates (or reads) one target and returns its outcome's versions,
    ///   migrations and lock wait; the state, stage and duration are filled in here.
    public func run(
        _ options: Options, journal: Journal?, progress: (@Sendable (Progress) -> Void)? = nil,
        operation: @escaping @Sendable (Target) async throws -> Outcome
    ) async throws -> Report {
        let started = ContinuousClock.now
        let finished = options.resume ? try journal?.done() ?? [] : []
        var outcomes: [Target: Outcome] = [:]
        var stopped = false
        for stage in stages(canary: options.canary) {
            var waiting = stage.targets[...].filter { target in
                guard finished.contains(target.name) else { return true }
                outcomes[target] = Outcome(target: target.name, group: target.group, stage: stage.name, state: .resumed)
                return false
            }[...]
            if stopped || waiting.isEmpty {
                for target in waiting { outcomes[target] = Outcome(target: target.name, group: target.group, stage: stage.name, state: .skipped) }
                continue
            }
            progress?(.stageStarted(stage.name, targets: waiting.count))
            var failed = false
            try await withThrowingTaskGroup(of: (Target, Outcome).self) { group in
                var running = 0
                func startNext() {
                    guard let target = waiting.popFirst() else { return }
                    running += 1
                    progress?(.targetStarted(target))
                    group.addTask { (target, await Self.attempt(target, stage: stage.name, operation)) }
                }
                while running < max(1, options.parallel), !waiting.isEmpty { startNext() }
                while let (target, outcome) = try await group.next() {
                    running -= 1
                    outcomes[target] = outcome
                    try journal?.record(outcome)
                    progress?(.targetFinished(outcome))
                    if outcome.state == .failed { failed = true }
                    if failed && !options.continueOnError { continue }
                    while running < max(1, options.parallel), !waiting.isEmpty { startNext() }
                }
            }
            for target in waiting { outcomes[target] = Outcome(target: target.name, group: target.group, stage: stage.name, state: .skipped) }
            if failed && !options.continueOnError { stopped = true }
        }
        return Report(
            outcomes: targets.compactMap { outcomes[$0] },
            milliseconds: (ContinuousClock.now - started).wholeMilliseconds)
    }

    /// One target's operation, timed; an error becomes a failed outcome that keeps its summary.
    private static func attempt(
        _ target: Target, stage: String, _ operation: @Sendable (Target) async throws -> Outcome
    ) async -> Outcome {
        let started = ContinuousClock.now
        var outcome: Outcome
        do {
            outcome = try await operation(target)
            outcome.state = .done
        } catch let failure as PartialFailure {
            outcome = failure.outcome
            outcome.state = .failed
            outcome.error = Self.summary(of: failure.error)
        } catch {
            outcome = Outcome(target: target.name, group: target.group, stage: stage, state: .failed)
            outcome.error = Self.summary(of: error)
        }
        outcome.target = target.name
        outcome.group = target.group
        outcome.stage = stage
        outcome.milliseconds = (ContinuousClock.now - started).wholeMilliseconds
        return outcome
    }

    private static func summary(of error: any Error) -> String {
        (error as? StrataError)?.summary ?? StrataError.wrapping(error, code: .io).summary
    }

    /// A target's operation failed part-way: what it got to (versions, migrations applied) and why.
    package struct PartialFailure: Error {
        package var outcome: Outcome
        package var error: any Error

        package init(outcome: Outcome, error: any Error) {
            self.outcome = outcome
            self.error = error
        }
    }
}
