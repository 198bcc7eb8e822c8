import Foundation

extension HealthReport {
    /// The Prometheus text exposition format (a node-exporter textfile collector reads it):
    /// each check's status (0 ok, 1 warning, 2 error) and measurement as gauges labelled by
    /// check and object, the count of checks per status, and the exit status.
    public func prometheus() -> String {
        var lines = [
            "# HELP strata_health_status Status of each health check: 0 ok, 1 warning, 2 error.",
            "# TYPE strata_health_status gauge",
        ]
        let objects = uniqueObjects()
        let labels = { (index: Int) in "check=\"\(Prometheus.labelValue(checks[index].name))\",object=\"\(Prometheus.labelValue(objects[index]))\"" }
        for (index, check) in checks.enumerated() {
            lines.append("strata_health_status{\(labels(index))} \(check.status == .ok ? 0 : check.status == .warning ? 1 : 2)")
        }
        lines += [
            "# HELP strata_health_value What each health check measured (seconds, bytes, counts or ratios from 0 to 1).",
            "# TYPE strata_health_value gauge",
        ]
        for (index, check) in checks.enumerated() {
            guard let measure = check.measure, measure.isFinite else { continue }
            lines.append("strata_health_value{\(labels(index))} \(measure)")
        }
        lines += ["# HELP strata_health_checks Health checks per status.", "# TYPE strata_health_checks gauge"]
        for status in [HealthCheck.Status.ok, .warning, .error] {
            lines.append("strata_health_checks{status=\"\(status.rawValue)\"} \(checks.filter { $0.status == status }.count)")
        }
        lines += [
            "# HELP strata_health_exit_code The health check's exit status: 0 healthy, 1 warnings, 2 errors.",
            "# TYPE strata_health_exit_code gauge",
            "strata_health_exit_code \(exitCode)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each check's object, numbered where a check and object repeat (two standbys of one
    /// name): a series appears once, or node-exporter refuses the whole file.
    func uniqueObjects() -> [String] {
        var seen: [String: Int] = [:]
        return checks.map { check in
            let object = check.object ?? ""
            let count = seen[check.name + "\u{0}" + object, default: 0] + 1
            seen[check.name + "\u{0}" + object] = count
            return count == 1 ? object : "\(object) #\(count)"
        }
    }

    /// One line as the Nagios plugin guidelines have it: `HEALTH STATUS - summary | perfdata`,
    /// the worst problems first, measurements as `'label'=value[unit]` (s, B, %).
    public func nagios() -> String {
        let word = ["OK", "WARNING", "CRITICAL"][Int(exitCode)]
        let problems = checks.filter { $0.status != .ok }.sorted { $0.status > $1.status }
        let summary =
            problems.isEmpty
            ? "\(counted(checks.count, "check")) ok"
            : problems.prefix(3).map { "\($0.name)\($0.object.map { " " + $0 } ?? ""): \($0.value)" }.joined(separator: "; ")
                + (problems.count > 3 ? "; \(problems.count - 3) more" : "")
        let objects = uniqueObjects()
        let perfdata = checks.indices.compactMap { index -> String? in
            let check = checks[index]
            guard let measure = check.measure, measure.isFinite else { return nil }
            let label = (check.name + (objects[index].isEmpty ? "" : " " + objects[index])).replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "=", with: "-").replacingOccurrences(
                of: "|", with: "/")
            // The plugin guidelines' units: s, B and %; a count has none.
            let value = check.unit == .ratio ? measure * 100 : measure
            let unit = [.seconds: "s", .bytes: "B", .ratio: "%"][check.unit] ?? ""
            return "'\(label)'=\(Self.number(value))\(unit)"
        }
        let text = summary.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
        return "HEALTH \(word) - \(text)" + (perfdata.isEmpty ? "" : " | " + perfdata.joined(separator: " "))
    }

    /// Digits and a point only, as perfdata wants (no exponent): up to six decimals.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
