import Foundation
import Testing
@testable import StrataCore

/// Runs `retention` on backups named by id and taken at the given UTC instants.
private func decide(_ retention: BackupRetention, _ backups: [(id: String, at: String)]) -> [BackupRetention.Decision] {
    retention.decide(backups.map { makeBackupMetadata(id: $0.id, at: utcDate($0.at)) })
}

/// The kept ids with their reasons, and the pruned ids, in decision order.
private func outcome(_ decisions: [BackupRetention.Decision]) -> (kept: [String: [String]], pruned: [String]) {
    var kept: [String: [String]] = [:]
    var pruned: [String] = []
    for decision in decisions {
        if decision.keep { kept[decision.id] = decision.reasons } else { pruned.append(decision.id) }
    }
    return (kept, pruned)
}

@Suite("Backup retention")
struct BackupRetentionTests {
    @Test("keep_last alone keeps the newest N, whatever the input order")
    func keepLastOnly() {
        let decisions = decide(
            BackupRetention(keepLast: 3, keepDaily: 0, keepWeekly: 0),
            [
                ("c", "2026-11-21T10:00:00Z"),
                ("e", "2026-11-21T12:00:00Z"),
                ("a", "2026-11-21T08:00:00Z"),
                ("d", "2026-11-21T11:00:00Z"),
                ("b", "2026-11-21T09:00:00Z"),
            ])
        #expect(decisions.map(\.id) == ["e", "d", "c", "b", "a"])
        #expect(decisions.map(\.keep) == [true, true, true, false, false])
        #expect(decisions.map(\.reasons) == [["last 3"], ["last 3"], ["last 3"], [], []])
        #expect(decisions[0].createdAt == "2026-11-21T12:00:00.000Z")
    }

    @Test("keep_last larger than the number of backups keeps them all")
    func keepLastMoreThanThere() {
        let decisions = decide(
            BackupRetention(keepLast: 10, keepDaily: 0, keepWeekly: 0),
            [
                ("a", "2026-01-01T00:00:00Z"), ("b", "2026-06-01T00:00:00Z"),
            ])
        #expect(decisions.map(\.id) == ["b", "a"])
        #expect(decisions.allSatisfy { $0.keep && $0.reasons == ["last 10"] })
    }

    @Test("daily keeps the newest of each of the last N days that have backups; empty days do not count")
    func daily() {
        let decisions = decide(
            BackupRetention(keepLast: 0, keepDaily: 3, keepWeekly: 0),
            [
                ("20-morning", "2026-11-20T09:00:00Z"),
                ("20-evening", "2026-11-20T18:00:00Z"),
                ("20-noon", "2026-11-20T12:00:00Z"),
                ("18-late", "2026-11-18T12:00:00Z"),
                ("18-early", "2026-11-18T08:00:00Z"),
                // Nothing from the 11th to the 17th: the 10th is still the third day with a backup.
                ("10", "2026-11-10T10:00:00Z"),
                ("09", "2026-11-09T10:00:00Z"),
            ])
        let (kept, pruned) = outcome(decisions)
        #expect(
            kept == [
                "20-evening": ["daily 2026-11-20"],
                "18-late": ["daily 2026-11-18"],
                "10": ["daily 2026-11-10"],
            ])
        #expect(pruned == ["20-noon", "20-morning", "18-early", "09"])
    }

    @Test("days are UTC calendar days: one millisecond before midnight is the day before")
    func dailyBoundaryIsUTCMidnight() {
        let decisions = decide(
            BackupRetention(keepLast: 0, keepDaily: 2, keepWeekly: 0),
            [
                ("21-first", "2026-11-21T00:00:00.000Z"),
                ("20-last", "2026-11-20T23:59:59.999Z"),
                ("20-earlier", "2026-11-20T00:00:00.000Z"),
            ])
        let (kept, pruned) = outcome(decisions)
        #expect(kept == ["21-first": ["daily 2026-11-21"], "20-last": ["daily 2026-11-20"]])
        #expect(pruned == ["20-earlier"])
    }

    @Test("weekly counts ISO weeks across a year boundary (2026 has a week 53)")
    func weeklyAcrossYearBoundary() {
        let backups: [(id: String, at: String)] = [
            ("mon-21-dec", "2026-12-21T10:00:00Z"),  // 2026-W52
            ("sun-27-dec", "2026-12-27T23:00:00Z"),  // 2026-W52
            ("mon-28-dec", "2026-12-28T10:00:00Z"),  // 2026-W53
            ("fri-01-jan", "2027-01-01T10:00:00Z"),  // 2026-W53, although it is 2027
            ("sun-03-jan", "2027-01-03T10:00:00Z"),  // 2026-W53
            ("mon-04-jan", "2027-01-04T10:00:00Z"),  // 2027-W01
        ]
        let two = outcome(decide(BackupRetention(keepLast: 0, keepDaily: 0, keepWeekly: 2), backups))
        #expect(two.kept == ["mon-04-jan": ["weekly 2027-W01"], "sun-03-jan": ["weekly 2026-W53"]])
        #expect(two.pruned == ["fri-01-jan", "mon-28-dec", "sun-27-dec", "mon-21-dec"])

        let three = outcome(decide(BackupRetention(keepLast: 0, keepDaily: 0, keepWeekly: 3), backups))
        #expect(
            three.kept == [
                "mon-04-jan": ["weekly 2027-W01"], "sun-03-jan": ["weekly 2026-W53"], "sun-27-dec": ["weekly 2026-W52"],
            ])
        #expect(three.pruned == ["fri-01-jan", "mon-28-dec", "mon-21-dec"])
    }

    @Test("the ISO week's year is not the calendar year: 2024-12-31 is in 2025-W01, 2027-01-01 in 2026-W53")
    func weekYearIsTheISOWeekYear() {
        let decisions = decide(
            BackupRetention(keepLast: 0, keepDaily: 0, keepWeekly: 10),
            [
                ("2027-01-01", "2027-01-01T12:00:00Z"),
                ("2025-01-05", "2025-01-05T12:00:00Z"),  // Sunday of 2025-W01
                ("2024-12-31", "2024-12-31T12:00:00Z"),  // Tuesday of 2025-W01
                ("2024-12-29", "2024-12-29T12:00:00Z"),  // Sunday of 2024-W52
            ])
        let (kept, pruned) = outcome(decisions)
        #expect(
            kept == [
                "2027-01-01": ["weekly 2026-W53"], "2025-01-05": ["weekly 2025-W01"], "2024-12-29": ["weekly 2024-W52"],
            ])
        #expect(pruned == ["2024-12-31"])
    }

    @Test("combined rules: a backup kept by any rule stays, with every reason listed")
    func combined() {
        let decisions = decide(
            BackupRetention(keepLast: 2, keepDaily: 3, keepWeekly: 2),
            [
                ("G", "2026-11-02T10:00:00Z"),  // Mon, W45
                ("F", "2026-11-13T10:00:00Z"),  // Fri, W46
                ("E", "2026-11-14T10:00:00Z"),  // Sat, W46
                ("D", "2026-11-16T08:00:00Z"),  // Mon, W47
                ("C", "2026-11-20T12:00:00Z"),  // Fri, W47
                ("B", "2026-11-21T09:00:00Z"),  // Sat, W47
                ("A", "2026-11-21T15:00:00Z"),  // Sat, W47
            ])
        #expect(decisions.map(\.id) == ["A", "B", "C", "D", "E", "F", "G"])
        #expect(
            decisions.map(\.reasons) == [
                ["last 2", "daily 2026-11-21", "weekly 2026-W47"],
                ["last 2"],
                ["daily 2026-11-20"],
                ["daily 2026-11-16"],
                ["weekly 2026-W46"],
                [],
                [],
            ])
        #expect(decisions.map(\.keep) == [true, true, true, true, true, false, false])
    }

    @Test("every rule 0: the newest backup still stays, with the reason 'newest'")
    func allRulesZeroKeepsTheNewest() {
        let decisions = decide(
            BackupRetention(keepLast: 0, keepDaily: 0, keepWeekly: 0),
            [
                ("old", "2026-01-01T00:00:00Z"),
                ("newest", "2026-11-21T00:00:00Z"),
                ("middle", "2026-06-01T00:00:00Z"),
            ])
        #expect(decisions.map(\.id) == ["newest", "middle", "old"])
        #expect(decisions.map(\.keep) == [true, false, false])
        #expect(decisions.map(\.reasons) == [["newest"], [], []])
    }

    @Test("'newest' is only added when no rule keeps the newest backup")
    func newestReasonOnlyWhenNeeded() {
        let decisions = decide(
            BackupRetention(keepLast: 1, keepDaily: 0, keepWeekly: 0),
            [
                ("a", "2026-11-20T00:00:00Z"), ("b", "2026-11-21T00:00:00Z"),
            ])
        #expect(decisions.map(\.reasons) == [["last 1"], []])
    }

    @Test("no backups, no decisions")
    func empty() {
        #expect(BackupRetention(keepLast: 3, keepDaily: 3, keepWeekly: 3).decide([]).isEmpty)
    }

    @Test("decisions are newest first; equal instants are ordered by id, descending")
    func orderIsNewestFirst() {
        let decisions = decide(
            BackupRetention(keepLast: 1, keepDaily: 0, keepWeekly: 0),
            [
                ("x-1", "2026-11-21T10:00:00Z"),
                ("y-1", "2025-03-01T10:00:00Z"),
                ("x-2", "2026-11-21T10:00:00Z"),
                ("y-2", "2027-02-01T10:00:00Z"),
                ("y-3", "2026-11-21T09:59:59.999Z"),
            ])
        #expect(decisions.map(\.id) == ["y-2", "x-2", "x-1", "y-3", "y-1"])
        #expect(decisions.map(\.keep) == [true, false, false, false, false])
    }

    @Test("the settings' numbers are used")
    func fromSettings() {
        var settings = BackupSettings()
        settings.keepLast = 4
        settings.keepDaily = 5
        settings.keepWeekly = 6
        #expect(BackupRetention(settings) == BackupRetention(keepLast: 4, keepDaily: 5, keepWeekly: 6))
    }

    @Test("a backup whose date cannot be read is kept, and the others are still decided by date")
    func unreadableDateIsKept() {
        let retention = BackupRetention(keepLast: 0, keepDaily: 1, keepWeekly: 0)
        let decisions = retention.decide([
            makeBackupMetadata(id: "good-old", at: utcDate("2026-11-20T10:00:00Z")),
            makeBackupMetadata(id: "bad", createdAt: "2026-13-45 25:61"),
            makeBackupMetadata(id: "empty", createdAt: ""),
            makeBackupMetadata(id: "good-new", at: utcDate("2026-11-21T10:00:00Z")),
        ])
        let byID = Dictionary(uniqueKeysWithValues: decisions.map { ($0.id, $0) })
        #expect(decisions.count == 4)
        #expect(byID["bad"]?.keep == true)
        #expect(byID["bad"]?.reasons == ["unreadable date"])
        #expect(byID["empty"]?.keep == true)
        #expect(byID["empty"]?.reasons == ["unreadable date"])
        #expect(byID["good-new"]?.reasons == ["daily 2026-11-21"])
        #expect(byID["good-old"]?.keep == false)
    }

    @Test("an unreadable date that sorts first as text takes no place: the real newest backup stays")
    func unreadableDateDoesNotDisplaceTheNewest() {
        let retention = BackupRetention(keepLast: 1, keepDaily: 0, keepWeekly: 0)
        let decisions = retention.decide([
            makeBackupMetadata(id: "good", at: utcDate("2026-11-21T10:00:00Z")),
            makeBackupMetadata(id: "old", at: utcDate("2026-11-20T10:00:00Z")),
            makeBackupMetadata(id: "garbage", createdAt: "garbage"),
        ])
        let byID = Dictionary(uniqueKeysWithValues: decisions.map { ($0.id, $0) })
        #expect(byID["good"]?.reasons == ["last 1"])
        #expect(byID["old"]?.keep == false)
        #expect(byID["garbage"]?.keep == true)
        let none = BackupRetention(keepLast: 0, keepDaily: 0, keepWeekly: 0).decide(
            decisions.isEmpty
                ? []
                : [
                    makeBackupMetadata(id: "good", at: utcDate("2026-11-21T10:00:00Z")),
                    makeBackupMetadata(id: "garbage", createdAt: "garbage"),
                ])
        #expect(none.first { $0.id == "good" }?.reasons == ["newest"])
    }

    @Test("a createdAt without milliseconds is still read")
    func dateWithoutMilliseconds() {
        let decisions = BackupRetention(keepLast: 0, keepDaily: 0, keepWeekly: 1).decide([
            makeBackupMetadata(id: "a", createdAt: "2026-11-21T10:00:00Z")
        ])
        #expect(decisions.map(\.reasons) == [["weekly 2026-W47"]])
    }
}
