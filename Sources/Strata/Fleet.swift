public import StrataCore

/// Many databases of one schema (a database per tenant) migrated as one release: stages, a
/// canary first, bounded parallelism, a journal to resume from, and a summary per target.
///
/// The plan is pure (`stages(canary:)`); `run(_:options:operation:)` schedules any per-target
/// operation, and the `Strata` module gives it `migrate` and `status`.
extension Strata {
    public struct Fleet: Sendable {
        /// One database of the fleet.
        public struct Target: Sendable, Hashable {
            /// The URL as written (may hold a password: never printed, never journaled).
            public var url: DatabaseURL
            /// The group it was listed under (`default` when none).
            public var group: String
            /// The URL with its password redacted: how the target is named in output and the journal.
            public var name: String { url.redacted }

            public init(url: DatabaseURL, group: String) {
                self.url = url
                self.group = group
            }
        }

        /// Targets listed together (a `[group]` of the targets file), or run together (a stage: a
        /// stage starts when the one before has finished).
        public struct Group: Sendable, Hashable {
            public var name: String
            public var targets: [Target]

            public init(name: String, targets: [Target]) {
                self.name = name
                self.targets = targets
            }
        }

        /// How a run goes.
        public struct Options: Sendable {
            /// Targets at once.
            public var parallel = 4
            /// The first `canary` targets run as a stage of their own, first.
            public var canary = 0
            /// Keep going after a failed target (otherwise: finish the stage, start no other).
            public var continueOnError = false
            /// Skip the targets the journal records as done.
            public var resume = false
            /// Per target, before migrating: refuse it when `strata health` finds an error.
            public var checkHealth = false
            /// Per target, before migrating: refuse it when `strata drift` finds a difference.
            public var checkDrift = false

            public init() {}
        }

        /// What became of one target.
        public struct Outcome: Sendable, Hashable, Codable {
            public enum State: String, Sendable, Hashable, Codable {
                /// Migrated (or already up to date).
                case done
                case failed
                /// Not started: an earlier failure stopped the run.
                case skipped
                /// Done in an earlier run, per the journal (`resume`).
                case resumed
            }

            public var target: String
            public var group: String
            public var stage: String
            public var state: State
            public var versionBefore: String?
            public var versionAfter: String?
            /// Migrations applied (`migrate`) or pending (`status`).
            public var migrations: Int
            public var milliseconds: Int64
            public var lockWaitMilliseconds: Int64?
            public var error: String?

            public init(target: String, group: String, stage: String, state: State) {
                self.target = target
                self.group = group
                self.stage = stage
                self.state = state
                self.migrations = 0
                self.milliseconds = 0
            }
        }

        /// Every target's outcome, in the order of the targets.
        public struct Report: Sendable, Codable {
            public var outcomes: [Outcome]
            public var milliseconds: Int64

            public func count(_ state: Outcome.State) -> Int { outcomes.filter { $0.state == state }.count }
            /// Whether any target failed.
            public var failed: Bool { outcomes.contains { $0.state == .failed } }
        }

        /// What a run reports while it goes.
        public enum Progress: Sendable {
            case stageStarted(String, targets: Int)
            case targetStarted(Target)
            case targetFinished(Outcome)
        }

        public let groups: [Group]

        public init(groups: [Group]) {
            self.groups = groups
        }

        /// Every target, in order.
        public var targets: [Target] { groups.flatMap(\.targets) }

        /// The stages: the first `canary` targets, then each group in order without them.
        public func stages(canary: Int) -> [Group] {
            let all = targets
            let first = Array(all.prefix(max(0, canary)))
            let canaries = Set(first)
            var stages = first.isEmpty ? [] : [Group(name: "canary", targets: first)]
            for group in groups {
                let rest = group.targets.filter { !canaries.contains($0) }
                if !rest.isEmpty { stages.append(Group(name: group.name, targets: rest)) }
            }
            return stages
        }
    }
}
