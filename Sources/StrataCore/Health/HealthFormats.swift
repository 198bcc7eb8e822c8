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
        let labels = { (check: HealthCheck) in "check=\"\(Self.escape(check.name))\",object=\"\(Self.escape(check.object ?? ""))\"" }
        for check in checks {
            lines.append("strata_health_status{\(labels(check))} \(check.status == .ok ? 0 : check.status == .warning ? 1 : 2)")
        }
        lines += [
            "# HELP strata_health_value What each health check measured (seconds, bytes, counts or ratios from 0 to 1).",
            "# TYPE strata_health_value gauge",
        ]
        for check in checks {
            guard let measure = check.measure, measure.isFinite else { continue }
            lines.append("strata_health_value{\(labels(check))} \(measure)")
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

    /// A label value: backslash, double quote and line feed escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// One line as the Nagios plugin guidelines have it: `HEALTH STATUS - summary | perfdata`,
    /// the worst problems first, measurements as `'label'=value[unit];warn;crit`.
    public func nagios() -> String {
        let word = ["OK", "WARNING", "CRITICAL"][Int(exitCode)]
        let problems = checks.filter { $0.status != .ok }.sorted { $0.status > $1.status }
        let summary =
            problems.isEmpty
            ? "\(counted(checks.count, "check")) ok"
            : problems.prefix(3).map { "\($0.name)\($0.object.map { " " + $0 } ?? ""): \($0.value)" }.joined(separator: "; ")
                + (problems.count > 3 ? "; \(problems.count - 3) more" : "")
        let perfdata = checks.compactMap { check -> String? in
            guard let measure = check.measure, measure.isFinite else { return nil }
            let label = (check.name + (check.object.map { " " + $0 } ?? "")).replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "=", with: "-").replacingOccurrences(of: "|", with: "/")
            return "'\(label)'=\(Self.number(measure))"
        }
        let text = summary.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
        return "HEALTH \(word) - \(text)" + (perfdata.isEmpty ? "" : " | " + perfdata.joined(separator: " "))
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
    }
}
