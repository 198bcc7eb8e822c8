import Foundation
import Testing
@testable import StrataCore

@Suite("Maintenance window and preflight evaluation")
struct MaintenanceWindowTests {
    /// 2026-11-22 is a Sunday.
    func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    @Test("days, ranges across midnight, offsets")
    func windows() throws {
        let sunday = try MaintenanceWindow(parsing: "Sun 02:00-04:00 UTC")
        #expect(sunday.contains(at("2026-11-22T02:00:00Z")))
        #expect(sunday.contains(at("2026-11-22T03:59:00Z")))
        #expect(!sunday.contains(at("2026-11-22T04:00:00Z")))
        #expect(!sunday.contains(at("2026-11-21T03:00:00Z")), "Saturday")
        let weeknights = try MaintenanceWindow(parsing: "Mon-Fri 22:00-02:00 +01:00")
        #expect(weeknights.contains(at("2026-11-23T21:30:00Z")), "Monday 22:30 at +01:00")
        #expect(weeknights.contains(at("2026-11-24T00:30:00Z")), "Tuesday 01:30 at +01:00, the tail of Monday's window")
        #expect(!weeknights.contains(at("2026-11-22T00:30:00Z")), "Sunday 01:30: Saturday opened no window")
        #expect(weeknights.contains(at("2026-11-22T21:30:00Z")) == false, "Sunday evening")
        let daily = try MaintenanceWindow(parsing: "02:00-04:00")
        #expect(daily.days == Set(1...7) && daily.contains(at("2026-11-25T03:00:00Z")))
        #expect(try MaintenanceWindow(parsing: "Sat,Sun 00:00-24:00 UTC").contains(at("2026-11-21T12:00:00Z")))
    }

    @Test(
        "malformed windows are configuration errors naming the setting",
        arguments: ["", "Sun", "Funday 02:00-03:00", "02:00-02:00", "25:00-26:00", "02:00-04:00 CEST", "02:00-04:00 +19:00", "02:00-04:00 -24:00"])
    func malformed(_ text: String) {
        #expect(throws: StrataError.self) { try MaintenanceWindow(parsing: text) }
    }

    @Test("thresholds: active connections, disk space, backup recency")
    func evaluation() throws {
        var safety = SafetySettings()
        safety.maximumActiveConnections = 2
        safety.maximumBackupAge = .seconds(3600)
        var facts = DatabaseHealthFacts(latencyMilliseconds: 1)
        facts.activeConnections = 3
        facts.databaseSize = 1000
        facts.localDirectory = "/db"
        let now = at("2026-11-22T12:00:00Z")
        let report = try PreflightEvaluator(
            safety: safety, now: now, backupDiskFree: 1500, databaseDiskFree: 999,
            newestVerifiedBackup: at("2026-11-22T11:30:00Z"), takesBackup: false
        ).evaluate(facts)
        let status = Dictionary(uniqueKeysWithValues: report.checks.map { ($0.name, $0.status) })
        #expect(status["active connections"] == .error)
        #expect(status["free space (backup disk)"] == .warning, "more than the size, less than twice")
        #expect(status["free space (database disk)"] == .error)
        #expect(status["backup recency"] == .ok)
        let stale = try PreflightEvaluator(
            safety: safety, now: now, backupDiskFree: nil, databaseDiskFree: nil,
            newestVerifiedBackup: at("2026-11-22T09:00:00Z"), takesBackup: true
        ).evaluate(facts)
        #expect(stale.checks.first { $0.name == "backup recency" }?.status == .warning, "a run that takes its own backup only warns")
    }
}
