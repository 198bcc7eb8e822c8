import Foundation

/// Which backups to keep: the newest `keepLast`, the newest of each of the last `keepDaily` days
/// that have a backup, and the newest of each of the last `keepWeekly` ISO weeks that have one
/// (days and weeks in UTC). A backup kept by any rule stays; the newest backup always stays.
/// Counting only days that have backups means a project that stopped backing up for a month
/// still keeps its last daily backups instead of losing them to the calendar.
package struct BackupRetention: Sendable, Hashable {
    package var keepLast: Int
    package var keepDaily: Int
    package var keepWeekly: Int

    package init(keepLast: Int, keepDaily: Int, keepWeekly: Int) {
        self.keepLast = keepLast
        self.keepDaily = keepDaily
        self.keepWeekly = keepWeekly
    }

    package init(_ settings: BackupSettings) {
        self.init(keepLast: settings.keepLast, keepDaily: settings.keepDaily, keepWeekly: settings.keepWeekly)
    }

    /// One backup's fate.
    package struct Decision: Sendable, Hashable {
        package let id: String
        package let createdAt: String
        package let keep: Bool
        /// Why it is kept (`last 3`, `daily 2026-11-20`, `weekly 2026-W47`), empty when pruned.
        package let reasons: [String]
    }

    /// Decides for every backup, newest first. Backups whose date cannot be read are kept and
    /// listed last; they take no place in the rules, so the real newest backup always stays.
    package func decide(_ backups: [BackupMetadata]) -> [Decision] {
        let dated = backups.compactMap { backup in backup.createdDate.map { (backup, $0) } }
            .sorted { ($0.1, $0.0.id) > ($1.1, $1.0.id) }
        let undated = backups.filter { $0.createdDate == nil }.sorted { $0.id > $1.id }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var days: [String] = []
        var weeks: [String] = []
        var decisions: [Decision] = []
        for (index, (backup, date)) in dated.enumerated() {
            var reasons: [String] = []
            if index < keepLast { reasons.append("last \(keepLast)") }
            let day = calendar.dateComponents([.year, .month, .day], from: date)
            let dayKey = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
            if !days.contains(dayKey) {
                days.append(dayKey)
                if days.count <= keepDaily { reasons.append("daily \(dayKey)") }
            }
            let week = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            let weekKey = String(format: "%04d-W%02d", week.yearForWeekOfYear!, week.weekOfYear!)
            if !weeks.contains(weekKey) {
                weeks.append(weekKey)
                if weeks.count <= keepWeekly { reasons.append("weekly \(weekKey)") }
            }
            if index == 0, reasons.isEmpty { reasons.append("newest") }
            decisions.append(Decision(id: backup.id, createdAt: backup.createdAt, keep: !reasons.isEmpty, reasons: reasons))
        }
        for backup in undated {
            decisions.append(Decision(id: backup.id, createdAt: backup.createdAt, keep: true, reasons: ["unreadable date"]))
        }
        return decisions
    }
}
