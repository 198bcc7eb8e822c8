/// Reads the date and time texts SQLite's date functions accept (`YYYY-MM-DD`,
/// `YYYY-MM-DD HH:MM[:SS[.fff…]]`, `T` instead of the space, then `Z` or `±HH:MM`), as
/// PostgreSQL reads them into timestamptz with the session in UTC: microseconds since 1970.
package enum TimestampText {
    package static func microseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var micros = 0
        var offset = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "T") {
            index += 1
            guard let h = number(2), expect(":"), let m = number(2) else { return nil }
            hour = h
            minute = m
            if expect(":") {
                guard let s = number(2) else { return nil }
                second = s
                if expect(".") {
                    var digits = 0
                    var fraction = 0
                    var roundUp = false
                    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                        if digits < 6 { fraction = fraction * 10 + Int(bytes[index] - 48) } else if digits == 6 { roundUp = bytes[index] >= 53 }
                        digits += 1
                        index += 1
                    }
                    guard digits > 0 else { return nil }
                    for _ in min(digits, 6)..<6 { fraction *= 10 }
                    micros = fraction + (roundUp ? 1 : 0)
                }
            }
            if expect("Z") || expect("z") {
                offset = 0
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let oh = number(2), expect(":"), let om = number(2) else { return nil }
                offset = sign * (oh * 60 + om)
            }
        }
        guard index == bytes.count, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset * 60)
        return seconds * 1_000_000 + Int64(micros)
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
