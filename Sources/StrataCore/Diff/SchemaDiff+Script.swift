extension DatabaseSchema.Diff {
    /// A statement as it runs, with the step it belongs to (nil for BEGIN, COMMIT and settings).
    package struct Line: Sendable, Hashable {
        package var sql: String
        package var step: String?
    }

    /// Every statement in the order it runs: consecutive transactional steps share one
    /// `BEGIN … COMMIT`, a step that must run alone runs outside; PostgreSQL statements carry a
    /// `lock_timeout` and a `statement_timeout`; an SQLite rebuild switches foreign keys off before
    /// its transaction and checks them before it commits.
    package func lines(down: Bool = false) -> [Line] {
        let steps = down ? self.down : up
        guard !steps.isEmpty else { return [] }
        var lines: [Line] = []
        let foreignKeysOff = dialect == .sqlite && steps.contains(where: \.foreignKeysOff)
        if foreignKeysOff {
            lines.append(Line(sql: "PRAGMA foreign_keys = OFF", step: nil))
            lines.append(Line(sql: "CREATE TEMP TABLE IF NOT EXISTS strata_foreign_key_check (violations integer CHECK (violations = 0))", step: nil))
        }
        var index = 0
        var sessionSettings = false
        while index < steps.count {
            if steps[index].transactional {
                var group: [Step] = []
                while index < steps.count, steps[index].transactional {
                    group.append(steps[index])
                    index += 1
                }
                lines.append(Line(sql: "BEGIN", step: nil))
                lines += settings(for: group, local: true).map { Line(sql: $0, step: nil) }
                for step in group { lines += step.statements.map { Line(sql: $0, step: step.summary) } }
                if foreignKeysOff, index == steps.count { lines.append(Line(sql: Self.foreignKeyCheck, step: "check foreign keys")) }
                lines.append(Line(sql: "COMMIT", step: nil))
            } else {
                let step = steps[index]
                lines += settings(for: [step], local: false).map { Line(sql: $0, step: nil) }
                sessionSettings = sessionSettings || dialect == .postgres
                lines += step.statements.map { Line(sql: $0, step: step.summary) }
                index += 1
            }
        }
        if sessionSettings { lines += ["RESET lock_timeout", "RESET statement_timeout"].map { Line(sql: $0, step: nil) } }
        if foreignKeysOff {
            lines.append(Line(sql: "PRAGMA foreign_keys = ON", step: nil))
        }
        return lines
    }

    /// Fails (a CHECK on a temporary table) when any foreign key is violated, so the transaction
    /// that made the violation rolls back: `PRAGMA foreign_key_check` alone only lists them.
    static let foreignKeyCheck = """
        INSERT INTO temp.strata_foreign_key_check (violations) SELECT count(*) FROM pragma_foreign_key_check
        """

    private func settings(for steps: [Step], local: Bool) -> [String] {
        guard dialect == .postgres else { return [] }
        let heavy = steps.contains { !Set($0.hazards).isDisjoint(with: [.indexBuild, .tableRewrite, .validation]) }
        let scope = local ? "LOCAL " : ""
        var settings = ["SET \(scope)lock_timeout = '3s'", "SET \(scope)statement_timeout = '\(heavy ? "20min" : "30s")'"]
        if local, steps.contains(where: { $0.summary.hasPrefix("create function") || $0.summary.hasPrefix("create procedure") }) {
            settings.append("SET LOCAL check_function_bodies = false")
        }
        return settings
    }

    /// The plan as a script `psql` or `sqlite3` runs as it is, each step under a comment naming
    /// it, its lock and its hazards.
    public func script(down: Bool = false) -> String {
        let steps = down ? self.down : up
        guard !steps.isEmpty else { return "-- the schemas are the same: nothing to do\n" }
        var out = [
            "-- Strata plan: \(steps.count) step\(steps.count == 1 ? "" : "s") from schema \(down ? to.prefix(12) : from.prefix(12)) to \(down ? from.prefix(12) : to.prefix(12))"
        ]
        if dialect == .sqlite { out.append("-- run with: sqlite3 -bail DATABASE < this-file (a failure must stop the script)") }
        if dialect == .postgres { out.append("-- run with: psql -v ON_ERROR_STOP=1 -f this-file") }
        if let proof { out.append("-- proven up and down on a scratch database" + proof.scope) }
        var current: String?
        for line in lines(down: down) {
            if let step = line.step, step != current, let made = steps.first(where: { $0.summary == step }) {
                var note = "\n-- \(step)"
                if !made.transactional { note += " (outside a transaction)" }
                if let lock = made.lock { note += "\n--   lock: \(lock)" }
                if !made.hazards.isEmpty { note += "\n--   hazards: \(made.hazards.map(\.rawValue).joined(separator: ", "))" }
                out.append(note)
            }
            current = line.step ?? current
            out.append(line.sql.hasSuffix(";") ? line.sql : line.sql + ";")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension DatabaseSchema.Diff {
    /// The plan as a Strata migration file: the up and down sections, each `transaction=false`
    /// when a step must run on its own (its transactional steps then keep their own BEGIN and
    /// COMMIT), and the fingerprint of the schema it was planned against.
    /// The comment a written plan starts its up section with, followed by the fingerprint of the
    /// schema it was planned against.
    package static let plannedMarker = "-- Planned by Strata against schema sha256:"

    /// The fingerprint a written plan was planned against, read from its up section.
    package static func plannedFingerprint(_ text: String) -> String? {
        guard let range = text.range(of: plannedMarker) else { return nil }
        let value = text[range.upperBound...].prefix { $0.isHexDigit }
        return value.count == 64 ? String(value) : nil
    }

    public func migration() -> String {
        var out: [String] = []
        for down in [false, true] {
            let lines = self.lines(down: down)
            let whole = !lines.isEmpty && lines.filter { $0.sql == "BEGIN" }.count == 1 && lines.first?.sql == "BEGIN" && lines.last?.sql == "COMMIT"
            if down { out.append("") }
            out.append("-- strata:\(down ? "down" : "up")\(whole || lines.isEmpty ? "" : " transaction=false")")
            if !down {
                // `migrate` compares the live schema with this line's fingerprint before it runs the file.
                out.append("\(Self.plannedMarker)\(from)")
                out.append("-- to schema sha256:\(to), proven up and down on a scratch database\(proof?.scope ?? "").")
            }
            let shown = whole ? Array(lines.dropFirst().dropLast()) : lines
            var current: String?
            for line in shown {
                if let step = line.step, step != current { out.append("-- \(step)") }
                current = line.step ?? current
                out.append(line.sql.hasSuffix(";") ? line.sql : line.sql + ";")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension DatabaseSchema.Diff.Proof {
    /// `` (all of it) or ` holding 36 of 91 tables, those the plan can reach`.
    var scope: String {
        tablesBuilt < tables ? " holding \(tablesBuilt) of \(tables) tables, those the plan can reach" : ""
    }
}
