import Foundation

/// One check of a database's health (`strata health`, and the checks around a safe migration):
/// ok, warning or error, with what was measured, against what, and what to do.
public struct HealthCheck: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, Comparable {
        case ok, warning, error
        private var rank: Int { self == .ok ? 0 : (self == .warning ? 1 : 2) }
        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    public let name: String
    public let status: Status
    /// What was measured.
    public let value: String
    /// What it was held against.
    public let threshold: String?
    /// What to do about a warning or an error.
    public let advice: Advice?
    /// The table, index, session… the check is about; nil for the whole database.
    public var object: String? = nil
    /// What `measure` counts.
    public enum Unit: String, Sendable, Hashable, Codable {
        case seconds, bytes, count
        /// From 0 to 1.
        case ratio
    }

    /// The measurement as a number (for Prometheus and Nagios), in `unit`.
    public var measure: Double? = nil
    public var unit: Unit? = nil

    public init(
        name: String, status: Status, value: String, threshold: String? = nil, advice: Advice? = nil, object: String? = nil, unit: Unit? = nil,
        measure: Double? = nil
    ) {
        self.name = name
        self.status = status
        self.value = value
        self.threshold = threshold
        self.advice = advice
        self.object = object
        self.measure = measure
        self.unit = unit
    }
}

/// Checks of one database: the preflight of a safe migration, its post-checks, or `strata health`.
public struct HealthReport: Sendable, Hashable, Codable {
    public let checks: [HealthCheck]
    /// The database, password redacted (`strata health`).
    public var database: String? = nil
    /// What was not checked, and why (a check the server does not allow, an SQLite build without it…).
    public var skipped: [String] = []

    public init(checks: [HealthCheck], database: String? = nil, skipped: [String] = []) {
        self.checks = checks
        self.database = database
        self.skipped = skipped
    }

    private enum CodingKeys: String, CodingKey { case database, checks, skipped }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        checks = try container.decode([HealthCheck].self, forKey: .checks)
        database = try container.decodeIfPresent(String.self, forKey: .database)
        skipped = try container.decodeIfPresent([String].self, forKey: .skipped) ?? []
    }

    /// `skipped` only when something was: the preflight's document stays as it was.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(database, forKey: .database)
        try container.encode(checks, forKey: .checks)
        if !skipped.isEmpty { try container.encode(skipped, forKey: .skipped) }
    }

    public var errors: [HealthCheck] { checks.filter { $0.status == .error } }
    public var warnings: [HealthCheck] { checks.filter { $0.status == .warning } }
    public var passed: Bool { errors.isEmpty }
    /// The worst status of any check.
    public var status: HealthCheck.Status { checks.map(\.status).max() ?? .ok }
    /// `strata health`'s exit status: 0 healthy, 1 warnings, 2 errors.
    public var exitCode: Int32 {
        switch status {
        case .ok: 0
        case .warning: 1
        case .error: 2
        }
    }
}
