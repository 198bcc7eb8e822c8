import Foundation

/// A PostgreSQL connection target, read from a libpq-style URL.
public struct PostgresURL: Sendable, Hashable {
    /// libpq's `sslmode`, honoured exactly.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable, Codable {
        /// Never TLS.
        case disable
        /// TLS if the server offers it, without certificate checks (libpq's default).
        case prefer
        /// TLS or nothing; the certificate is checked only when `sslrootcert` is given (as libpq does).
        case require
        /// TLS, and the certificate chain must lead to a trusted root.
        case verifyCA = "verify-ca"
        /// TLS, a trusted chain, and the certificate must name the host connected to.
        case verifyFull = "verify-full"
        /// Accepted for libpq compatibility; treated as `prefer`.
        case allow
    }

    public var user: String?
    package var password: Secret?
    /// Host name or IP address; nil when connecting through a Unix socket or to the default host.
    public var host: String?
    /// Directory holding the server's Unix socket (`host=/run/postgresql`).
    public var socketDirectory: String?
    public var port: Int
    public var database: String?
    public var sslMode: SSLMode
    public var sslRootCert: String?
    public var sslCert: String?
    public var sslKey: String?
    /// Seconds to wait for a connection.
    public var connectTimeout: Int?
    public var applicationName: String?
    /// libpq `options`, e.g. `-c search_path=app`.
    public var options: String?

    package init(
        user: String? = nil, password: Secret? = nil, host: String? = nil, socketDirectory: String? = nil,
        port: Int = 5432, database: String? = nil, sslMode: SSLMode = .prefer
    ) {
        self.user = user
        self.password = password
        self.host = host
        self.socketDirectory = socketDirectory
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    /// The names of the query parameters Strata understands.
    public static let supportedParameters = [
        "sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "options",
        "host", "port", "user", "password", "dbname",
    ]

    /// Parses `postgres://user:password@host:port/db?param=value&…`.
    public init(parsing text: String) throws {
        guard let schemeEnd = text.range(of: "://") else {
            throw DatabaseURL.invalid(text, "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        self.init()
        var rest = String(text[schemeEnd.upperBound...])
        if let (userInfo, hostPart) = Self.splitUserInfo(rest) {
            guard Self.isPlainUserName(userInfo.prefix { $0 != ":" }) else {
                throw DatabaseURL.invalid(text, "the part before '@' is not USER:PASSWORD; percent-encode '/', '?', '#' and '@' in user names, passwords and parameters (%2F, %3F, %23, %40)")
            }
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(String(userInfo[..<colon]), part: "user name", url: text)
                password = Secret(PercentEncoding.decode(userInfo[userInfo.index(after: colon)...]) ?? String(userInfo[userInfo.index(after: colon)...]))
            } else {
                user = try Self.decode(userInfo, part: "user name", url: text)
            }
            rest = hostPart
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = String(rest[..<mark])
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = String(rest[..<slash])
            let path = String(rest[rest.index(after: slash)...])
            if !path.isEmpty { database = try Self.decode(path, part: "database name", url: text) }
        }
        try parseAuthority(authority, url: text)
        try parseQuery(query, url: text)
        if user?.isEmpty == true { user = nil }
    }

    /// Splits `user:password@host…` at the last `@`, so a password holding an unencoded `@`
    /// still works; nil when there is no `@`.
    static func splitUserInfo(_ rest: String) -> (userInfo: String, hostPart: String)? {
        guard let at = rest.lastIndex(of: "@") else { return nil }
        return (String(rest[..<at]), String(rest[rest.index(after: at)...]))
    }

    /// Whether a user name is plausible: one holding `/`, `?` or `#` means the text was not a
    /// well-formed URL, and any of it may be a secret.
    static func isPlainUserName(_ name: Substring) -> Bool {
        !name.contains("/") && !name.contains("?") && !name.contains("#")
    }

    private mutating func parseAuthority(_ authority: String, url: String) throws {
        guard !authority.isEmpty else { return }
        if authority.contains(",") {
            throw DatabaseURL.invalid(url, "several hosts are not supported; give one host")
        }
        var hostText = authority
        var portText: String?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw DatabaseURL.invalid(url, "IPv6 address without a closing ']'")
            }
            hostText = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = String(after.dropFirst()) } else if !after.isEmpty { throw DatabaseURL.invalid(url, "unexpected text after the IPv6 address") }
        } else if let colon = authority.lastIndex(of: ":") {
            hostText = String(authority[..<colon])
            portText = String(authority[authority.index(after: colon)...])
        }
        if let portText, !portText.isEmpty { port = try Self.parsePort(portText, url: url) }
        let decodedHost = try Self.decode(hostText, part: "host", url: url)
        if decodedHost.hasPrefix("/") {
            socketDirectory = decodedHost
        } else if !decodedHost.isEmpty {
            host = decodedHost
        }
    }

    private mutating func parseQuery(_ query: Substring, url: String) throws {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            let rawValue = parts.count > 1 ? String(parts[1]) : ""
            if key == "password" {
                password = Secret(PercentEncoding.decode(rawValue) ?? rawValue)
                continue
            }
            let value = try Self.decode(rawValue, part: "parameter \(key)", url: url)
            switch key {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw DatabaseURL.invalid(url, "sslmode '\(value)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
                }
                sslMode = mode
            case "sslrootcert": sslRootCert = value
            case "sslcert": sslCert = value
            case "sslkey": sslKey = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds >= 0 else {
                    throw DatabaseURL.invalid(url, "connect_timeout '\(value)' is not a number of seconds")
                }
                connectTimeout = seconds
            case "application_name": applicationName = value
            case "options": options = value
            case "host":
                if value.hasPrefix("/") {
                    socketDirectory = value
                    host = nil
                } else {
                    host = value
                }
            case "port": port = try Self.parsePort(value, url: url)
            case "user": user = value
            case "dbname": database = value
            default:
                throw DatabaseURL.invalid(url, "unknown parameter '\(key)'; supported: \(Self.supportedParameters.joined(separator: ", "))")
            }
        }
    }

    private static func parsePort(_ text: String, url: String) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw DatabaseURL.invalid(url, "port '\(text)' is not a number from 1 to 65535")
        }
        return port
    }

    private static func decode(_ text: String, part: String, url: String) throws -> String {
        guard let decoded = PercentEncoding.decode(text) else {
            throw DatabaseURL.invalid(url, "the \(part) has an invalid percent-encoding")
        }
        return decoded
    }

    /// The URL with the password replaced by `***`.
    public var redacted: String {
        var text = "postgres://"
        if let user {
            text += Self.encode(user)
            if password != nil { text += ":***" }
            text += "@"
        }
        if let host { text += host.contains(":") ? "[\(host)]" : Self.encode(host) }
        text += ":\(port)"
        if let database { text += "/" + Self.encode(database) }
        var parameters: [String] = []
        if let socketDirectory { parameters.append("host=\(Self.encode(socketDirectory, query: true))") }
        if sslMode != .prefer { parameters.append("sslmode=\(sslMode.rawValue)") }
        if let sslRootCert { parameters.append("sslrootcert=\(Self.encode(sslRootCert, query: true))") }
        if let sslCert { parameters.append("sslcert=\(Self.encode(sslCert, query: true))") }
        if let sslKey { parameters.append("sslkey=\(Self.encode(sslKey, query: true))") }
        if let connectTimeout { parameters.append("connect_timeout=\(connectTimeout)") }
        if let applicationName { parameters.append("application_name=\(Self.encode(applicationName))") }
        if let options { parameters.append("options=\(Self.encode(options))") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }

    /// Percent-encodes what would break the URL; paths in query values keep their slashes.
    private static func encode(_ text: String, query: Bool = false) -> String {
        PercentEncoding.encode(text, allowing: query ? "!$'()*+,;/:" : "!$'()*+,;")
    }

    /// A short name for messages: `host:port/db` or `socket dir/db`.
    public var target: String {
        let place = socketDirectory.map { "socket \($0)" } ?? "\(host ?? "localhost"):\(port)"
        return place + "/" + (database ?? user ?? "")
    }
}
