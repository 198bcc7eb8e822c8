package import Foundation

/// When migrations may run: `Sun 02:00-04:00 UTC`, `Mon-Fri 22:00-02:00 +01:00`, `02:00-04:00`.
///
/// Days are optional (every day when left out) and take ranges and lists (`Sat,Sun`); a window
/// whose end is before its start runs past midnight into the next day; the zone is `UTC` (the
/// default) or a fixed offset like `+02:00`.
package struct MaintenanceWindow: Sendable, Hashable, CustomStringConvertible {
    /// ISO weekdays 1 (Monday) … 7 (Sunday) on which the window opens.
    package let days: Set<Int>
    /// Minutes after midnight.
    package let start: Int
    package let end: Int
    /// Seconds east of UTC.
    package let offset: Int
    package let description: String

    static let dayNames = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    package init(parsing text: String) throws {
        description = text
        func invalid(_ why: String) -> StrataError {
            StrataError(
                .configuration, "safety.maintenance_window '\(text)' is not a window: \(why)",
                nextStep: "write it like \"Sun 02:00-04:00 UTC\", \"Mon-Fri 22:00-02:00 +01:00\" or \"02:00-04:00\"")
        }
        var parts = text.split(separator: " ").map(String.init)
        guard !parts.isEmpty else { throw invalid("it is empty") }
        var offset = 0
        if let last = parts.last, last.uppercased() == "UTC" || last.hasPrefix("+") || last.hasPrefix("-") {
            parts.removeLast()
            if last.uppercased() != "UTC" {
                guard let minutes = Self.minutes(String(last.dropFirst())), minutes <= 18 * 60 else {
                    throw invalid("'\(last)' is not an offset like +02:00 (at most ±18:00)")
                }
                offset = (last.hasPrefix("-") ? -minutes : minutes) * 60
            }
        }
        guard let times = parts.popLast() else { throw invalid("there is no time range") }
        let bounds = times.split(separator: "-").map(String.init)
        guard bounds.count == 2, let start = Self.minutes(bounds[0]), let end = Self.minutes(bounds[1]) else {
            throw invalid("'\(times)' is not a time range like 02:00-04:00")
        }
        guard start != end else { throw invalid("it opens and closes at the same minute") }
        var days = Set<Int>()
        if parts.isEmpty {
            days = Set(1...7)
        } else {
            for item in parts.joined(separator: ",").split(separator: ",") {
                let range = item.split(separator: "-").map { Self.dayNames[String($0.prefix(3)).lowercased()] }
                guard !range.isEmpty, range.allSatisfy({ $0 != nil }) else { throw invalid("'\(item)' is not a day (Mon … Sun)") }
                if range.count == 2 {
                    var day = range[0]!
                    while true {
                        days.insert(day)
                        if day == range[1]! { break }
                        day = day % 7 + 1
                    }
                } else {
                    days.insert(range[0]!)
                }
            }
        }
        self.days = days
        self.start = start
        self.end = end
        self.offset = offset
    }

    static func minutes(_ text: String) -> Int? {
        let pieces = text.split(separator: ":")
        guard pieces.count == 2, let hours = Int(pieces[0]), let minutes = Int(pieces[1]),
            (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 24 * 60
        else { return nil }
        return hours * 60 + minutes
    }

    /// Whether `date` falls inside the window.
    package func contains(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(secondsFromGMT: offset) ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let weekday = (parts.weekday! + 5) % 7 + 1  // Gregorian 1 = Sunday → ISO 7
        let minute = parts.hour! * 60 + parts.minute!
        if start < end {
            return days.contains(weekday) && minute >= start && minute < end
        }
        // Past midnight: the evening part on an opening day, the morning part on the day after.
        let yesterday = (weekday + 5) % 7 + 1
        return (days.contains(weekday) && minute >= start) || (days.contains(yesterday) && minute < end)
    }
}
