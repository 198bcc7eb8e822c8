import StrataCore

/// The report as one self-contained HTML page: style, script and diagram inline, nothing fetched.
extension Strata.Report {
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(ReportAssets.contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Strata report — \(Markup.escape(database))</title><style>\(ReportAssets.style)</style></head><body>
            """
        page += header()
        page += "<nav><a href=\"#diagram-section\">Diagram</a><a href=\"#tables\">Tables</a><a href=\"#status\">Status</a>"
        page += "<a href=\"#history\">History</a><a href=\"#lint\">Lint</a><a href=\"#health\">Health</a><a href=\"#drift\">Drift</a></nav>"
        page += diagramSection() + tablesSection() + statusSection() + historySection() + lintSection() + healthSection() + driftSection()
        page += "<script>\(ReportAssets.script)</script></body></html>\n"
        return page
    }

    private func header() -> String {
        var badges: [(String, String)] = []
        if let status {
            badges.append(("\(status.pendingCount) pending · version \(status.currentVersion ?? "none")", status.pendingCount == 0 ? "ok" : "warning"))
        }
        if let health { badges.append(("health: \(health.status.rawValue)", health.status.rawValue)) }
        if let drift { badges.append((drift.hasDrift ? "drift: \(counted(drift.differences.count, "difference"))" : "no drift", drift.hasDrift ? "error" : "ok")) }
        if let lint { badges.append(("lint: \(counted(lint.count, "finding"))", lint.contains { $0.severity == "error" } ? "error" : lint.isEmpty ? "ok" : "warning")) }
        if let schema { badges.append((counted(schema.tables.count, "table"), "")) }
        return "<header><h1>Strata report</h1><div class=\"meta\">\(Markup.escape(database)) · \(Markup.escape(generatedAt))</div><div class=\"badges\">"
            + badges.map { "<span class=\"badge \($0.1)\">\(Markup.escape($0.0))</span>" }.joined() + "</div></header>"
    }

    private func diagramSection() -> String {
        guard let diagram else { return section("diagram-section", "Diagram", unavailableText("schema")) }
        var svg = "<svg id=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(max(diagram.width, 1)) \(max(diagram.height, 1))\">"
        svg +=
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#7f8ea3\"/></marker></defs>"
        for frame in diagram.frames {
            svg += "<g class=\"frame\"><rect x=\"\(frame.x)\" y=\"\(frame.y)\" width=\"\(frame.width)\" height=\"\(frame.height)\" rx=\"10\"/>"
            svg += "<text x=\"\(frame.x + 12)\" y=\"\(frame.y + 20)\">\(Markup.escape(frame.name))</text></g>"
        }
        for edge in diagram.edges {
            svg += "<path class=\"edge\" d=\"\(edge.path)\"><title>\(Markup.escape(edge.from)) → \(Markup.escape(edge.to))</title></path>"
        }
        for (index, box) in diagram.boxes.enumerated() {
            let search = ([box.name] + box.rows.map(\.name)).joined(separator: " ").lowercased()
            svg += "<g class=\"box\" data-name=\"\(Markup.escape(box.name))\" data-id=\"\(index)\" data-search=\"\(Markup.escape(search))\">"
            svg += "<rect class=\"body\" x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(box.width)\" height=\"\(box.height)\" rx=\"4\"/>"
            svg += "<rect class=\"head\" x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(box.width)\" height=\"\(Diagram.headerHeight - 4)\" rx=\"4\"/>"
            svg += "<text class=\"title\" x=\"\(box.x + 8)\" y=\"\(box.y + 16)\">\(Markup.escape(Self.clip(box.name, box.width)))</text>"
            for (row, column) in box.rows.enumerated() {
                let y = box.y + Diagram.headerHeight + 12 + row * Diagram.rowHeight
                svg += "<text x=\"\(box.x + 8)\" y=\"\(y)\">\(Markup.escape(Self.clip(column.name + " " + column.type, box.width - 40)))</text>"
                if !column.marks.isEmpty { svg += "<text class=\"mark\" x=\"\(box.x + box.width - 8)\" y=\"\(y)\" text-anchor=\"end\">\(column.marks)</text>" }
            }
            if box.hidden > 0 {
                let y = box.y + Diagram.headerHeight + 12 + box.rows.count * Diagram.rowHeight
                svg += "<text class=\"muted\" x=\"\(box.x + 8)\" y=\"\(y)\">… \(box.hidden) more</text>"
            }
            svg += "<title>\(Markup.escape(box.name))</title></g>"
        }
        svg += "</svg>"
        let toolbar =
            "<div class=\"toolbar\"><input id=\"search\" type=\"search\" placeholder=\"Find a table or column…\" aria-label=\"Find a table or column\">"
            + "<button id=\"fit\">Fit</button><button id=\"zoom-in\">+</button><button id=\"zoom-out\">−</button>"
            + "<span class=\"muted\">drag to pan, wheel to zoom, double-click a table for its details</span></div>"
        return section("diagram-section", "Diagram", toolbar + "<div id=\"diagram-wrap\">\(svg)</div>")
    }

    private func tablesSection() -> String {
        guard let schema, let diagram else { return section("tables", "Tables", unavailableText("schema")) }
        let ids = Dictionary(diagram.boxes.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var body = ""
        for table in schema.tables.sorted(by: { Diagram.name($0) < Diagram.name($1) }) {
            let name = Diagram.name(table)
            let search = ([name] + table.columns.map(\.name)).joined(separator: " ").lowercased()
            body += "<details class=\"table\" id=\"table-\(ids[name] ?? 0)\" data-name=\"\(Markup.escape(name))\" data-search=\"\(Markup.escape(search))\">"
            body += "<summary>\(Markup.escape(name)) <span class=\"muted\">\(counted(table.columns.count, "column"))</span> <a class=\"show\" href=\"#\">show in diagram</a></summary>"
            body += Self.grid(
                ["column", "type", "null", "default"],
                table.columns.map { [$0.name, $0.type, $0.nullable ? "yes" : "not null", $0.defaultExpression ?? $0.generated ?? $0.identity ?? ""] })
            var keys: [[String]] = []
            if let primary = table.primaryKey { keys.append(["primary key", primary.columns.joined(separator: ", "), ""]) }
            keys += table.uniques.map { ["unique", $0.columns.joined(separator: ", "), $0.name ?? ""] }
            keys += table.foreignKeys.map {
                ["foreign key", $0.columns.joined(separator: ", ") + " → " + $0.referencedTable + " (" + $0.referencedColumns.joined(separator: ", ") + ")", $0.name ?? ""]
            }
            keys += table.indexes.map { [$0.unique ? "unique index" : "index", $0.columns.joined(separator: ", ") + ($0.predicate.map { " WHERE " + $0 } ?? ""), $0.name] }
            if !keys.isEmpty { body += Self.grid(["key or index", "columns", "name"], keys) }
            body += "</details>"
        }
        return section("tables", "Tables (\(schema.tables.count))", body)
    }

    private func statusSection() -> String {
        guard let status else { return section("status", "Status", unavailableText("status")) }
        let rows = status.entries.map { [$0.version ?? "repeatable", $0.description, $0.state.rawValue, $0.appliedAt ?? ""] }
        return section("status", "Status", Self.grid(["version", "description", "state", "applied at"], rows))
    }

    private func historySection() -> String {
        guard !events.isEmpty else { return section("history", "History", unavailableText("history", empty: "No event recorded yet.")) }
        let items = events.map { event in
            let failed = event.outcome != "ok" || event.action == .failure
            let duration = event.durationMilliseconds.map { " · \($0) ms" } ?? ""
            return "<li class=\"\(failed ? "failed" : "")\"><code>\(Markup.escape(event.at))</code> <b>\(Markup.escape(event.action.rawValue))</b> "
                + "\(Markup.escape(event.key ?? "")) \(Markup.escape(event.description ?? "")) <span class=\"muted\">\(Markup.escape(event.outcome))\(duration) · \(Markup.escape(event.actor))</span></li>"
        }
        return section("history", "History", "<ul class=\"timeline\">\(items.joined())</ul>")
    }

    private func lintSection() -> String {
        guard let lint else { return section("lint", "Lint", unavailableText("lint")) }
        guard !lint.isEmpty else { return section("lint", "Lint", "<p>No finding.</p>") }
        return section("lint", "Lint", Self.grid(["severity", "rule", "where", "finding"], lint.map { [$0.severity, $0.rule, $0.location, $0.message] }))
    }

    private func healthSection() -> String {
        guard let health else { return section("health", "Health", unavailableText("health")) }
        let rows = health.checks.map { [$0.status.rawValue, $0.name, $0.object ?? "", $0.value, $0.threshold ?? ""] }
        return section("health", "Health", Self.grid(["status", "check", "object", "value", "threshold"], rows))
    }

    private func driftSection() -> String {
        guard let drift else { return section("drift", "Drift", unavailableText("drift")) }
        guard drift.hasDrift else { return section("drift", "Drift", "<p>The live schema is what the applied migrations make.</p>") }
        return section("drift", "Drift", "<ul>" + drift.differences.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>")
    }

    private func section(_ id: String, _ title: String, _ body: String) -> String {
        "<section id=\"\(id)\"><h2>\(Markup.escape(title))</h2>\(body)</section>"
    }

    private func unavailableText(_ part: String, empty: String = "Not available.") -> String {
        "<p class=\"muted\">\(Markup.escape(unavailable[part] ?? empty))</p>"
    }

    static func grid(_ headers: [String], _ rows: [[String]]) -> String {
        "<table class=\"grid\"><tr>" + headers.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr>"
            + rows.map { "<tr>" + $0.map { "<td>\(Markup.escape($0))</td>" }.joined() + "</tr>" }.joined() + "</table>"
    }

    /// Text shortened to what fits `width` pixels of the diagram's monospace font.
    static func clip(_ text: String, _ width: Int) -> String {
        let fits = max(4, (width - 16) / 7)
        return text.count <= fits ? text : String(text.prefix(fits - 1)) + "…"
    }

}
