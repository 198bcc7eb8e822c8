import Foundation
import StrataCore

extension Strata {
    /// Everything `strata report` shows, each part read on its own: a part that cannot be read
    /// (no database yet, a drift that cannot be replayed) is left out with the reason, and the
    /// others are still there.
    public func report() async -> Report {
        let formatter = ISO8601DateFormatter()
        var report = Report(database: url.redacted, generatedAt: formatter.string(from: Date()))
        func reason(_ error: any Error) -> String {
            (error as? StrataError)?.summary ?? StrataError.wrapping(error, code: .io).summary
        }
        do { report.status = try await status() } catch { report.unavailable["status"] = reason(error) }
        do { report.events = try await events(limit: 200) } catch { report.unavailable["history"] = reason(error) }
        do {
            let migrations = try await migrator.migrations()
            if let linter = migrator.linter {
                report.lint = try linter.lint(LintUnit.units(migrations)).findings.map {
                    Report.LintLine(severity: $0.severity.rawValue, rule: $0.rule, location: "\($0.location)", message: $0.message)
                }
            }
        } catch { report.unavailable["lint"] = reason(error) }
        do { report.health = try await health() } catch { report.unavailable["health"] = reason(error) }
        do { report.schema = try await schema() } catch { report.unavailable["schema"] = reason(error) }
        do { report.drift = try await drift() } catch { report.unavailable["drift"] = reason(error) }
        return report
    }
}
