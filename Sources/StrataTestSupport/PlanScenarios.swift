import Foundation
import Strata
import StrataCore

/// `migrate` and its dry run consume one plan: over a set of fixtures and every combination of
/// `migrate`'s options, the dry run refuses exactly when the run refuses, with the same error, and
/// plans the same steps when neither does.
package enum PlanScenarios {
    /// A state to migrate from: files, and what happened before the run.
    struct Situation: Sendable {
        let name: String
        let files: [String: String]
        let prepare: @Sendable (TestDatabase, MigrationFixture) async throws -> Void
    }

    static let three = MigrationFixture.three

    static let situations: [Situation] = [
        Situation(name: "three pending", files: three) { _, _ in },
        Situation(
            name: "a pending transaction=false migration",
            files: three.merging([
                "004_loose.sql": "-- strata:up transaction=false\nCREATE TABLE loose (id INTEGER);\n-- strata:down\nDROP TABLE loose;\n"
            ]) { $1 }
        ) { _, _ in },
        Situation(name: "a pending migration below the newest applied", files: three.filter { $0.key != "002_create_posts.sql" }) { db, fixture in
            try await ConformanceSuite.engine(db, fixture).migrate()
            try fixture.write("002_create_posts.sql", three["002_create_posts.sql"]!)
        },
        Situation(name: "a lint error on a table with rows", files: three) { db, fixture in
            try await ConformanceSuite.engine(db, fixture).migrate()
            try await db.execute("INSERT INTO users (id, name) VALUES (1, 'ada')")
            try fixture.write("004_purge.sql", "-- strata:up\nDELETE FROM users;\n-- strata:down\nSELECT 1;\n")
        },
        Situation(
            name: "a pending file that does not split",
            files: three.merging([
                "004_broken.sql": "-- strata:up\nINSERT INTO users (name) VALUES ('unterminated);\n"
            ]) { $1 }
        ) { _, _ in },
        Situation(name: "an applied migration edited since", files: three) { db, fixture in
            try await ConformanceSuite.engine(db, fixture).migrate(MigrateOptions(target: MigrationVersion("2")))
            try fixture.write("002_create_posts.sql", three["002_create_posts.sql"]! + "\n-- edited\n")
        },
    ]

    /// Every combination of `migrate`'s options (the dry run aside).
    static var combinations: [MigrateOptions] {
        var all: [MigrateOptions] = []
        for target in [nil, MigrationVersion("3")] {
            for single in [false, true] {
                for outOfOrder in [false, true] {
                    for force in [false, true] {
                        all.append(MigrateOptions(target: target, singleTransaction: single, allowOutOfOrder: outOfOrder, force: force))
                    }
                }
            }
        }
        return all
    }

    /// What a run did: the refusal (code and summary) or the migrations applied.
    enum Outcome: Equatable, CustomStringConvertible {
        case refused(String, String)
        case applied([String])

        var description: String {
            switch self {
            case .refused(let code, let summary): "refused (\(code)): \(summary)"
            case .applied(let names): "applied \(names)"
            }
        }
    }

    static func outcome(_ body: () async throws -> MigrationRunReport) async throws -> Outcome {
        do {
            return .applied(try await body().steps.map(\.migration))
        } catch let error as StrataError {
            return .refused(error.code.rawValue, error.summary)
        }
    }

    /// Runs every situation under every combination, each on a new database from `make`.
    /// Returns how many refusals were compared, so the caller can check both kinds were seen.
    @discardableResult
    package static func dryRunRefusesAsTheRunDoes(_ make: () async throws -> TestDatabase) async throws -> (refused: Int, applied: Int) {
        var counts = (refused: 0, applied: 0)
        for situation in situations {
            for options in combinations {
                let fixture = try MigrationFixture(situation.files)
                defer { fixture.cleanup() }
                try await make().use { db in
                    try await situation.prepare(db, fixture)
                    let tables = try await db.tables()
                    let history = try await db.history().count
                    var dryOptions = options
                    dryOptions.dryRun = true
                    let dry = try await outcome { try await ConformanceSuite.engine(db, fixture).migrate(dryOptions) }
                    try expectEqual(try await db.tables(), tables, "\(situation.name), \(options): the dry run changed no table")
                    try expectEqual(try await db.history().count, history, "\(situation.name), \(options): the dry run wrote no history")
                    let real = try await outcome { try await ConformanceSuite.engine(db, fixture).migrate(options) }
                    try expectEqual(dry, real, "\(situation.name), \(Self.describe(options)): the dry run and the run agree")
                    if case .refused = real { counts.refused += 1 } else { counts.applied += 1 }
                }
            }
        }
        return counts
    }

    static func describe(_ options: MigrateOptions) -> String {
        [
            options.target.map { "--to \($0.text)" }, options.singleTransaction ? "--single-transaction" : nil,
            options.allowOutOfOrder ? "--allow-out-of-order" : nil, options.force ? "--force" : nil,
        ].compactMap { $0 }.joined(separator: " ")
    }
}
