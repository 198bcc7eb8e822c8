import StrataCore

/// A SQLite trigger as PostgreSQL runs it: a PL/pgSQL function and the trigger that calls it.
package struct TranslatedTrigger: Sendable, Hashable {
    package var functionName: String
    package var function: String
    package var trigger: String
}

/// The parts of `CREATE TRIGGER name timing event ON table [FOR EACH ROW] [WHEN …] BEGIN … END`.
struct SQLiteTriggerHeader {
    var timing = "BEFORE"
    var event = ""
    var columns: [String] = []
    var table = ""
    var when: [SQLNode] = []
    var body: [[SQLNode]] = []

    init(_ nodes: [SQLNode], fragment: String) throws(UntranslatableSQL) {
        guard let begin = nodes.firstIndex(where: { $0.word == "BEGIN" }), let end = nodes.lastIndex(where: { $0.word == "END" }), begin < end else {
            throw UntranslatableSQL(fragment, "a trigger without BEGIN … END")
        }
        let header = Array(nodes[..<begin])
        let words = header.significant
        var index = words.firstIndex { $0.word == "TRIGGER" }.map { $0 + 1 } ?? words.count
        if index + 2 < words.count, words[index].word == "IF" { index += 3 }
        index += 1  // the trigger's name
        func word(_ at: Int) -> String? { at < words.count ? words[at].word : nil }
        if word(index) == "BEFORE" || word(index) == "AFTER" {
            timing = word(index)!
            index += 1
        } else if word(index) == "INSTEAD", word(index + 1) == "OF" {
            timing = "INSTEAD OF"
            index += 2
        }
        guard let event = word(index), ["INSERT", "UPDATE", "DELETE"].contains(event) else { throw UntranslatableSQL(fragment, "a trigger event SQLite does not have") }
        self.event = event
        index += 1
        if event == "UPDATE", word(index) == "OF" {
            index += 1
            while index < words.count, word(index) != "ON" {
                if let name = SQLiteTranslation.identifierName(words[index]) { columns.append(name) }
                index += 1
            }
        }
        guard word(index) == "ON", index + 1 < words.count, let table = SQLiteTranslation.identifierName(words[index + 1]) else {
            throw UntranslatableSQL(fragment, "a trigger without ON table")
        }
        self.table = table
        if let whenAt = header.firstIndex(where: { $0.word == "WHEN" }) { when = Array(header[(whenAt + 1)...]) }
        body = Array(nodes[(begin + 1)..<end]).split(whereSeparator: { if case .token(.semicolon, _) = $0 { true } else { false } })
            .map(Array.init).filter { !$0.significant.isEmpty }
    }

    /// What the function returns to let the row through.
    var returns: String {
        if timing == "AFTER" { return "NULL" }
        return event == "DELETE" ? "OLD" : "NEW"
    }
}

extension SQLiteTranslator {
    /// Translates `CREATE TRIGGER …` into a function and a trigger. The common "touch a column after
    /// an update" form (`AFTER UPDATE … BEGIN UPDATE same_table SET col = … WHERE rowid = NEW.rowid;
    /// END`) becomes a BEFORE trigger that sets the column, so the row is not updated twice.
    package func trigger(_ definition: String, name: String) throws(UntranslatableSQL) -> TranslatedTrigger {
        let nodes = try SQLNode.parse(definition)
        var header = try SQLiteTriggerHeader(nodes, fragment: definition)
        guard let relation = catalog.relation(header.table) else { throw UntranslatableSQL(header.table, "the trigger's table is not transferred") }
        let q = SQLDialect.postgres.quote
        var lines: [String] = []
        // A body ending in an unconditional RAISE(IGNORE) has returned already.
        var returned = false
        if let touch = try touchAssignments(header, relation: relation) {
            header.timing = "BEFORE"
            lines = touch
        } else {
            let modifiesOwnTable = header.body.contains { statement in
                let words = statement.significant.prefix(4).compactMap { SQLiteTranslation.identifierName($0) ?? $0.word }
                return words.contains { catalog.relation($0)?.name == relation.name }
            }
            // SQLite does not fire a trigger from its own statements (recursive_triggers is off), but
            // does from other triggers': a flag of this trigger's own, for the transaction, says so.
            let flag = modifiesOwnTable ? SQLDialect.postgres.literal("strata.t_" + String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.prefix(50))) : nil
            let off = flag.map { "PERFORM set_config(\($0), 'off', true); " } ?? ""
            if let flag {
                lines.append("IF current_setting(\(flag), true) = 'on' THEN RETURN \(header.returns); END IF;")
                lines.append("PERFORM set_config(\(flag), 'on', true);")
            }
            // RAISE(IGNORE) leaves the row out, the flag put down first.
            let ignore = off + "RETURN NULL;"
            for statement in header.body { lines += try bodyStatement(statement, relation: relation, ignore: ignore) }
            returned = lines.last == ignore
            if !returned, !off.isEmpty { lines.append(off.trimmingCharacters(in: .whitespaces)) }
        }
        if !header.when.isEmpty {
            let condition = try condition(header.when, table: nil, rowTable: relation.name)
            lines.insert("IF NOT coalesce((\(condition)), false) THEN RETURN \(header.returns); END IF;", at: 0)
        }
        if !returned { lines.append("RETURN \(header.returns);") }
        let functionName = "trigger_" + name
        let function =
            "CREATE FUNCTION \(q(functionName))() RETURNS trigger LANGUAGE plpgsql AS $strata$\nBEGIN\n  "
            + lines.joined(separator: "\n  ") + "\nEND\n$strata$"
        guard !lines.joined().contains("$strata$") else { throw UntranslatableSQL(definition, "the body contains $strata$") }
        let of = header.columns.isEmpty ? "" : " OF " + header.columns.map { q(relation.column($0)?.name ?? $0) }.joined(separator: ", ")
        let trigger = "CREATE TRIGGER \(q(name)) \(header.timing) \(header.event)\(of) ON \(q(relation.name)) FOR EACH ROW EXECUTE FUNCTION \(q(functionName))()"
        return TranslatedTrigger(functionName: functionName, function: function, trigger: trigger)
    }

    /// `UPDATE t SET a = x, b = y WHERE key = NEW.key` in an AFTER INSERT/UPDATE trigger of `t`, as
    /// `NEW.a := x; NEW.b := y;` for a BEFORE trigger; nil for any other body.
    private func touchAssignments(_ header: SQLiteTriggerHeader, relation: TranslationCatalog.Relation) throws(UntranslatableSQL) -> [String]? {
        guard header.timing == "AFTER", header.event != "DELETE", header.body.count == 1 else { return nil }
        let statement = header.body[0]
        let words = statement.significant
        guard words.count > 3, words[0].word == "UPDATE", let target = SQLiteTranslation.identifierName(words[1]), catalog.relation(target)?.name == relation.name,
            let setAt = statement.firstIndex(where: { $0.word == "SET" }), let whereAt = statement.lastIndex(where: { $0.word == "WHERE" }), setAt < whereAt
        else { return nil }
        // The WHERE clause must pick exactly the trigger's row: key = NEW.key.
        let condition = Array(statement[(whereAt + 1)...]).significant
        let key = relation.rowidAlias?.lowercased() ?? ""
        let names = condition.compactMap { SQLiteTranslation.identifierName($0) }.map { $0.lowercased() }
        let isKey = { (name: String) in SQLiteWords.rowid.contains(name) || name == key }
        let equals = condition.filter { $0 == .token(.symbol, "=") || $0 == .token(.symbol, "==") }.count
        guard equals == 1, condition.count <= 7, !condition.contains(where: { $0.word != nil && SQLiteWords.reserved.contains($0.word!) }),
            names.contains("new"), names.filter(isKey).count == 2
        else { return nil }
        var lines: [String] = []
        for assignment in Array(statement[(setAt + 1)..<whereAt]).splitAtCommas {
            guard let equals = assignment.firstIndex(of: .token(.symbol, "=")), let column = Array(assignment[..<equals]).significant.first.flatMap(SQLiteTranslation.identifierName),
                let found = relation.column(column)
            else { return nil }
            let expression = Array(assignment[(equals + 1)...])
            let walk = SQLiteTranslation(translator: self, nodes: expression, table: relation.name, rowTable: relation.name, bareColumnsAreNew: true)
            let pieces = try walk.pieces(expression)
            let value = TransferPlan.assignment((pieces.text, pieces.singleValueKind ?? .unknown), to: found.kind.postgresType)
            lines.append("NEW.\(SQLDialect.postgres.quote(found.name)) := \(value);")
        }
        return lines
    }

    /// One statement of a trigger body, in PL/pgSQL.
    private func bodyStatement(
        _ statement: [SQLNode], relation: TranslationCatalog.Relation, ignore: String
    ) throws(UntranslatableSQL) -> [String] {
        let fragment = statement.text
        var nodes = statement
        while nodes.first?.isSpace == true { nodes.removeFirst() }
        let first = nodes.first?.word ?? ""
        func translate(_ part: [SQLNode]) throws(UntranslatableSQL) -> String {
            try SQLiteTranslation(translator: self, nodes: part, table: nil, rowTable: relation.name).pieces(part).text
        }
        switch first {
        case "SELECT":
            return try select(Array(nodes.dropFirst()), ignore: ignore, translate: translate, fragment: fragment)
        case "INSERT", "REPLACE":
            let words = nodes.significant
            if first == "REPLACE" || (words.count > 2 && words[1].word == "OR" && words[2].word == "REPLACE") {
                throw UntranslatableSQL(fragment, "INSERT OR REPLACE needs the conflicting key, which PostgreSQL's ON CONFLICT must name")
            }
            if words.count > 2, words[1].word == "OR", words[2].word == "IGNORE" {
                let or = nodes.firstIndex { $0.word == "OR" }!
                let ignore = nodes.firstIndex { $0.word == "IGNORE" }!
                nodes.removeSubrange(or...ignore)
                return [try translate(nodes) + " ON CONFLICT DO NOTHING;"]
            }
            return [try insert(nodes, rowTable: relation.name, translate: translate) + ";"]
        case "UPDATE", "DELETE":
            return [try translate(nodes) + ";"]
        default:
            throw UntranslatableSQL(fragment, "a trigger statement PostgreSQL's PL/pgSQL does not take")
        }
    }

    /// `INSERT INTO t (columns) VALUES (…), …` with each value stored as its column's type (PostgreSQL
    /// does not turn a text expression into a timestamp on its own); other INSERTs as they translate.
    private func insert(_ nodes: [SQLNode], rowTable: String, translate: ([SQLNode]) throws(UntranslatableSQL) -> String) throws(UntranslatableSQL) -> String {
        let words = nodes.significant
        guard words.count >= 5, words[1].word == "INTO", let name = SQLiteTranslation.identifierName(words[2]), let relation = catalog.relation(name),
            case .group(let columnNodes) = words[3], words[4].word == "VALUES", words.count > 5
        else { return try translate(nodes) }
        let columns = columnNodes.splitAtCommas.map { $0.significant.first.flatMap(SQLiteTranslation.identifierName).flatMap(relation.column) }
        guard columns.allSatisfy({ $0 != nil }) else { return try translate(nodes) }
        let q = SQLDialect.postgres.quote
        var rows: [String] = []
        for row in words[5...] {
            if case .token(.comma, _) = row { continue }
            guard case .group(let valueNodes) = row else { return try translate(nodes) }
            let values = valueNodes.splitAtCommas
            guard values.count == columns.count else { return try translate(nodes) }
            var texts: [String] = []
            for (value, column) in zip(values, columns) {
                let pieces = try SQLiteTranslation(translator: self, nodes: value, table: nil, rowTable: rowTable).pieces(value)
                texts.append(TransferPlan.assignment((pieces.text, pieces.singleValueKind ?? .unknown), to: column!.kind.postgresType))
            }
            rows.append("(" + texts.joined(separator: ", ") + ")")
        }
        return "INSERT INTO \(q(relation.name)) (\(columns.map { q($0!.name) }.joined(separator: ", "))) VALUES \(rows.joined(separator: ", "))"
    }

    /// `SELECT RAISE(…) [WHERE …]`, `SELECT CASE WHEN … THEN RAISE(…) END`, or a plain SELECT (PERFORM).
    private func select(
        _ rest: [SQLNode], ignore: String, translate: ([SQLNode]) throws(UntranslatableSQL) -> String, fragment: String
    ) throws(UntranslatableSQL) -> [String] {
        let words = rest.significant
        let positions = rest.indices.filter { !rest[$0].isSpace }
        /// The original nodes (spaces kept) between two significant positions.
        func span(_ from: Int, _ to: Int) -> [SQLNode] { Array(rest[positions[from]..<positions[to]]) }
        func raise(_ arguments: [SQLNode]) throws(UntranslatableSQL) -> String {
            let parts = arguments.splitAtCommas
            guard let kind = parts.first?.significant.first?.word else { throw UntranslatableSQL(fragment, "RAISE without its kind") }
            if kind == "IGNORE" { return ignore }
            guard parts.count == 2 else { throw UntranslatableSQL(fragment, "RAISE(\(kind)) without a message") }
            return "RAISE EXCEPTION USING MESSAGE = \(try translate(parts[1]));"
        }
        if words.first?.word == "RAISE", words.count >= 2, case .group(let arguments) = words[1] {
            let statement = try raise(arguments)
            if let from = rest.firstIndex(where: { $0.word == "FROM" }) {
                return ["IF EXISTS (SELECT 1 \(try translate(Array(rest[from...])))) THEN \(statement) END IF;"]
            }
            if let whereAt = rest.firstIndex(where: { $0.word == "WHERE" }) {
                return ["IF coalesce((\(try translate(Array(rest[(whereAt + 1)...])))), false) THEN \(statement) END IF;"]
            }
            return [statement]
        }
        if words.first?.word == "CASE", words.last?.word == "END", !words.contains(where: { $0.word == "FROM" || $0.word == "WHERE" }) {
            // CASE WHEN c THEN RAISE(…) [WHEN …] END
            var branches: [String] = []
            var index = 1
            while index + 3 < words.count, words[index].word == "WHEN" {
                guard let then = words[index...].firstIndex(where: { $0.word == "THEN" }), then + 2 < words.count, words[then + 1].word == "RAISE",
                    case .group(let arguments) = words[then + 2]
                else { break }
                branches.append("\(branches.isEmpty ? "IF" : "ELSIF") coalesce((\(try translate(span(index + 1, then)))), false) THEN \(try raise(arguments))")
                index = then + 3
            }
            if !branches.isEmpty, index == words.count - 1 { return [branches.joined(separator: " ") + " END IF;"] }
        }
        if words.contains(where: { $0.flattened.contains { $0.word == "RAISE" } }) {
            throw UntranslatableSQL(fragment, "RAISE() in a form other than SELECT RAISE(…) WHERE … or SELECT CASE WHEN … THEN RAISE(…) END")
        }
        return ["PERFORM \(try translate(rest));"]
    }
}
