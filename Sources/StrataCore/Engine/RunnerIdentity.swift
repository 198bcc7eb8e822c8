import Foundation

/// Who this process is: `user@host` and its pid, for history rows and lock holders.
package struct RunnerIdentity: Sendable {
    package let user: String
    package let host: String
    package let pid: Int32

    package static let current: RunnerIdentity = {
        var name = [UInt8](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(decoding: name.prefix { $0 != 0 }, as: UTF8.self) : "unknown-host"
        var user = "unknown-user"
        if let entry = getpwuid(geteuid()), let pwName = entry.pointee.pw_name {
            user = String(cString: pwName)
        }
        return RunnerIdentity(user: user, host: host, pid: getpid())
    }()

    /// `user@host`.
    package var actor: String { "\(user)@\(host)" }

    /// `user@host pid 123`: how a lock holder is named.
    package var owner: String { "\(actor) pid \(pid)" }
}

/// Wall-clock timestamps as Strata stores them: UTC, ISO 8601, milliseconds.
package enum Timestamp {
    package static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: spec.tv_sec, milliseconds: Int(spec.tv_nsec / 1_000_000))
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for a Unix time.
    package static func format(seconds: Int, milliseconds: Int) -> String {
        var time = seconds
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }
}

/// The version of Strata, stored in every history row.
package enum StrataVersion {
    package static let current = "0.1.0"
}
