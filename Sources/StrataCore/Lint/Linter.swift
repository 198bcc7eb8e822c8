import Foundation

/// One script to lint: a migration's up section, or a plain SQL file.
package struct LintUnit: Sendable {
    package var file: String
    package var script: SQLScript
    /// Whether the statements run inside a transaction Strata opens (a transactional section);
    /// a plain file's own BEGIN … COMMIT is followed statement by statement instead.
    package var managedTransaction: Bool
    /// For a versioned migration: whether it has a down section; nil when not a migration.
    package var hasDown: Bool?
    /// The migration's name and version, when the script is a migration's.
    package var migration: String?
    package var version: MigrationVersion?
    /// The script's statements when they are split already (nil: lint splits it).
    package var statements: [LocatedStatement]?
    /// Read only for what it declares (a migration applied already): no finding of its own.
    package var contextOnly = false

    package init(
        file: String, script: SQLScript, managedTransaction: Bool, hasDown: Bool?,
        migration: String? = nil, version: MigrationVersion? = nil
    ) {
        self.file = file
        self.script = script
        self.managedTransaction = managedTransaction
        self.hasDown = hasDown
        self.migration = migration
        self.version = version
    }

    /// The up sections of loaded migrations (Swift migrations have no SQL to read).
    /// - Parameter split: a migration's up statements when they are split already.
    package static func units(_ migrations: [Migration], split: (Migration) -> [LocatedStatement]? = { _ in nil }) -> [LintUnit] {
        migrations.compactMap { migration in
            guard case .sql(let script) = migration.up else { return nil }
            var unit = LintUnit(
                file: script.file, script: script, managedTransaction: script.transactional,
                hasDown: migration.kind == .versioned ? migration.down != nil : nil,
                migration: migration.name, version: migration.version)
            unit.statements = split(migration)
            return unit
        }
    }
}

/// Lints migrations: every rule over every statement, with inline suppressions and the
/// severities of the settings applied.
package struct Linter: Sendable {
    package var dialect: SQLDialect
    package var settings: LintSettings
    /// `postgres.lock_timeout` is set: DDL does not wait forever.
    package var lockTimeoutConfigured: Bool

    package init(dialect: SQLDialect, settings: LintSettings = LintSettings(), lockTimeoutConfigured: Bool = false) {
        self.dialect = dialect
        self.settings = settings
        self.lockTimeoutConfigured = lockTimeoutConfigured
    }

    /// The severity of `rule` after the settings.
    package func severity(of rule: LintRule) -> LintSeverity {
        settings.severities[rule.id].flatMap(LintSeverity.init(rawValue:)) ?? rule.severity
    }

    /// Findings in file order, judged strictly (what `strata lint` reports).
    /// - Throws: `.migrationSource` when a file does not tokenize (an unterminated string…).
    package func lint(_ units: [LintUnit]) throws -> LintReport {
        try examine(units).report()
    }

    /// Reads every unit, in order, into findings not judged yet: `migrate` judges them against the
    /// live database (`LintPass.report(judgedBy:)`). Migrations at or below `lint.start_after` are not
    /// reported on; like the applied ones (`contextOnly`), they are read for what they declare when needed.
    /// - Throws: `.migrationSource` when a file does not tokenize.
    package func examine(_ units: [LintUnit]) throws -> LintPass {
        let isHistory = { (unit: LintUnit) in
            unit.contextOnly || settings.startAfter.map { startAfter in unit.version.map { $0 <= startAfter } ?? false } ?? false
        }
        let reported = units.filter { !isHistory($0) }
        var (read, knowledge) = try examine(reported, knowing: LintKnowledge())
        // What the migrations applied before them declare answers only a check that looked for
        // a fact the scripts do not hold (a validated NOT NULL check, an index a foreign key
        // uses): they are read then, not on every run.
        let history = units.filter(isHistory)
        let uncoveredKeyMatters = foreignKeyRule != nil && knowledge.foreignKeys.contains { !knowledge.covers($0.columns, of: $0.table) }
        if !history.isEmpty, knowledge.missed || uncoveredKeyMatters {
            (read, knowledge) = try examine(reported, knowing: self.knowledge(declaredBy: history))
        }
        reportUncoveredForeignKeys(knowledge, in: &read)
        return LintPass(
            dialect: dialect, failOn: LintSeverity(rawValue: settings.failOn) ?? .error,
            smallTableRows: settings.smallTableRows, files: Set(reported.map(\.file)).count, units: read)
    }

    /// Reads each unit in order, each knowing what the ones before it declare.
    private func examine(_ units: [LintUnit], knowing earlier: LintKnowledge) throws -> ([LintPass.Unit], LintKnowledge) {
        var knowledge = earlier
        var read: [LintPass.Unit] = []
        for (position, unit) in units.enumerated() {
            read.append(try examine(unit, position: position, knowledge: &knowledge))
        }
        return (read, knowledge)
    }

    /// What `units` declare, read for that alone (no finding of their own).
    private func knowledge(declaredBy units: [LintUnit]) throws -> LintKnowledge {
        var context = LintContext(dialect: dialect, inTransaction: true, lockTimeoutConfigured: true)
        context.unit = -1
        for unit in units {
            for located in try unit.statements ?? unit.script.statements(dialect: dialect) {
                LintChecks.learn(LintStatement(located, dialect: dialect), &context)
            }
        }
        return context.knowledge
    }

    private func examine(_ unit: LintUnit, position: Int, knowledge: inout LintKnowledge) throws -> LintPass.Unit {
        let statements = try unit.statements ?? unit.script.statements(dialect: dialect)
        let allowances = LintAllowances(unit.script, dialect: dialect, statements: statements)
        var context = LintContext(dialect: dialect, inTransaction: unit.managedTransaction, lockTimeoutConfigured: lockTimeoutConfigured)
        // Moved, not copied: a copy shared with `knowledge` would be copied again at the first change.
        context.knowledge = knowledge
        knowledge = LintKnowledge()
        context.unit = position
        defer { knowledge = context.knowledge }
        var result = LintPass.Unit(migration: unit.migration)
        var awaitingRebuild: [(hit: LintHit, statement: LintStatement, index: Int)] = []
        func emit(_ id: String, _ message: String, _ subject: LintSubject?, _ statement: LintStatement, index: Int) {
            guard let rule = LintRules.rule(id), rule.dialect == nil || rule.dialect == dialect else { return }
            let severity = severity(of: rule)
            guard severity != .off else { return }
            let suppressed = allowances.allows(id, statement: index)
            // A suppressed finding counts at once, unless its rule speaks once per migration: then
            // whether it counts depends on which of its statements is reported.
            if suppressed, !rule.oncePerMigration {
                result.suppressed += 1
                return
            }
            var table: String?
            if case .table(let name) = subject { table = name }
            let finding = LintFinding(
                rule: id, severity: severity, location: statement.location, statement: statement.text,
                message: message, why: rule.why, recipe: rule.recipe, table: table, migration: unit.migration)
            result.candidates.append(
                .init(
                    finding: finding, subject: subject, suppressed: suppressed, oncePerMigration: rule.oncePerMigration,
                    harmlessOn: rule.harmlessOn, rowsBefore: context.effects.rows))
        }
        for (index, located) in statements.enumerated() {
            if !unit.managedTransaction {
                if TransactionControl.isBegin(located.text) {
                    context.inTransaction = true
                    continue
                }
                if TransactionControl.isControl(located.text) {
                    // COMMIT, END, ROLLBACK (not ROLLBACK TO), ABORT: SET LOCAL ends with the transaction.
                    context.inTransaction = false
                    context.lockTimeoutLocal = false
                    context.accessExclusive = nil
                    continue
                }
            }
            let statement = LintStatement(located, dialect: dialect)
            for hit in LintChecks.check(statement, &context) {
                if hit.unlessRebuilt != nil {
                    awaitingRebuild.append((hit, statement, index))
                } else {
                    emit(hit.rule, hit.message, hit.subject, statement, index: index)
                }
            }
            LintChecks.trackRowsAdded(statement, &context)
            let keysBefore = context.knowledge.foreignKeys.count
            LintChecks.learn(statement, &context)
            if context.knowledge.foreignKeys.count > keysBefore, allowances.allows("foreign-key-without-index", statement: index) {
                for key in keysBefore..<context.knowledge.foreignKeys.count { context.knowledge.foreignKeys[key].allowed = true }
            }
        }
        // A table copied, dropped and replaced by its renamed copy was rebuilt, not lost.
        for (hit, statement, index) in awaitingRebuild where !context.renamedInto.contains(hit.unlessRebuilt ?? "") {
            emit(hit.rule, hit.message, hit.subject, statement, index: index)
        }
        if !awaitingRebuild.isEmpty { result.sortCandidates() }
        for (index, word) in allowances.unknown where index < statements.count {
            emit(
                "unknown-allow", word.isEmpty ? "`-- strata:allow` names no rule" : "`-- strata:allow \(word)`: there is no rule \(word)", nil,
                LintStatement(statements[index], dialect: dialect), index: index)
        }
        // A migration whose up holds no statement (a template left unfilled) is recorded as
        // applied while changing nothing.
        if unit.migration != nil || unit.hasDown != nil, statements.isEmpty {
            let start = LocatedStatement(text: "", location: SourceLocation(file: unit.file, line: 1, column: 1))
            emit("empty-migration", "its up section has no statement, only comments or nothing", nil, LintStatement(start, dialect: dialect), index: 0)
        }
        if unit.hasDown == false, let first = statements.first {
            emit("missing-down", "\(unit.file) has no down section", nil, LintStatement(first, dialect: dialect), index: 0)
        }
        // A table renamed into place may hold an existing table's rows (a rebuild): the live
        // database judges it, not the run.
        result.effects = context.effects
        result.effects.createdTables.subtract(context.renamedInto)
        return result
    }
}

/// `-- strata:allow RULE [RULE…] reason` comments of a script: each allows its rules on the
/// statement it sits in or after on the same line (the last one before it there), or else on
/// the next statement below it. A comment whose first word is no rule is kept as unknown.
struct LintAllowances {
    private var allowed: Set<String> = []
    /// Allow comments naming no known rule: the statement index they attach to, and the word.
    private(set) var unknown: [(statement: Int, word: String)] = []

    init(_ script: SQLScript, dialect: SQLDialect, statements: [LocatedStatement]) {
        // Most scripts hold no allow comment: nothing to read then.
        guard script.chunks.contains(where: { Self.mayAllow($0.text) }) else { return }
        let lexer = SQLLexer(dialect: dialect)
        let lastLines = statements.map { $0.location.line + $0.text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        for chunk in script.chunks {
            let bytes = Array(chunk.text.utf8)
            guard let tokens = try? lexer.tokenize(bytes) else { continue }
            let lines = LineIndex(bytes)
            for token in tokens where token.kind == .lineComment {
                let text = String(decoding: bytes[token.range], as: UTF8.self).dropFirst(2).drop { $0 == " " || $0 == "\t" }
                guard text.lowercased().hasPrefix("strata:allow") else { continue }
                let words = text.dropFirst("strata:allow".count).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
                let position = lines.position(of: token.range.lowerBound)
                let line = chunk.firstLine + position.line - 1
                // The last statement begun before the comment and still open on its line; else the next one.
                let before = statements.indices.last { index in
                    let start = statements[index].location
                    return (start.line < line || (start.line == line && start.column < position.column)) && lastLines[index] >= line
                }
                guard let target = before ?? statements.indices.first(where: { statements[$0].location.line > line }) else { continue }
                let rules = words.prefix(while: { LintRules.rule(String($0)) != nil })
                if rules.isEmpty { unknown.append((target, words.first.map(String.init) ?? "")) }
                for rule in rules { allowed.insert("\(target) \(rule)") }
            }
        }
    }

    /// Whether `text` may hold `strata:allow`, in any case: a byte scan, no copy.
    static func mayAllow(_ text: String) -> Bool {
        let pattern = Array("strata:allow".utf8)
        var matched = 0
        for byte in text.utf8 {
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            if lower == pattern[matched] {
                matched += 1
                if matched == pattern.count { return true }
            } else {
                matched = lower == pattern[0] ? 1 : 0
            }
        }
        return false
    }

    func allows(_ rule: String, statement index: Int) -> Bool {
        allowed.contains("\(index) \(rule)")
    }
}
