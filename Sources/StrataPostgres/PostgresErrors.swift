import NIOCore
import NIOSSL
import PostgresNIO
import StrataCore

/// Turns postgres-nio and NIO errors into `StrataError`s that say what to do.
///
/// postgres-nio's own descriptions are deliberately vague; the fields are read one by one here.
/// Nothing from the connection configuration is echoed, so no password can leak.
enum PostgresErrors {
    static func translate(_ error: any Error, target: String?) -> StrataError {
        if let error = error as? StrataError { return error }
        let place = target.map { " to \($0)" } ?? ""
        guard let error = error as? PSQLError else {
            return connectionFailure(error, place: place)
        }
        if let info = error.serverInfo {
            let sqlState = info[.sqlState] ?? "XX000"
            let message = info[.message] ?? "the server reported an error"
            var failure = StrataError(code(for: sqlState), message, databaseCode: "SQLSTATE \(sqlState)")
            failure.sqlState = sqlState
            failure.detail = [info[.detail], info[.hint].map { "hint: \($0)" }].compactMap { $0 }.joined(separator: "; ").nilIfEmpty
            failure.positionInStatement = info[.position].flatMap { Int($0) }
            if failure.code == .authentication {
                failure.summary = "cannot connect\(place): \(message)"
                failure.state = "nothing was changed"
                failure.nextStep = "check the user and password (URL, PGPASSWORD or ~/.pgpass) and pg_hba.conf"
            } else if sqlState == "3D000" {
                failure.code = .connection
                failure.summary = "cannot connect\(place): \(message)"
                failure.state = "nothing was changed"
                failure.nextStep = "create the database first (createdb), or fix the database name in the URL"
            } else if sqlState == "42501" {
                failure.nextStep = "the role of the database URL lacks this privilege: grant it (GRANT … TO that role), or use a role that has it"
            }
            return failure
        }
        switch error.code {
        case .sslUnsupported:
            return StrataError(
                .tls, "cannot connect\(place): the server does not support TLS, and sslmode requires it",
                state: "nothing was changed",
                nextStep: "enable ssl on the server, or use sslmode=prefer (or disable) if an unencrypted connection is acceptable")
        case .authMechanismRequiresPassword:
            return StrataError(
                .authentication, "cannot connect\(place): the server asks for a password and none was given",
                state: "nothing was changed", nextStep: "give it in the URL, PGPASSWORD or ~/.pgpass")
        case .unsupportedAuthMechanism, .saslError:
            return StrataError(
                .authentication, "cannot connect\(place): authentication failed (\(error.code))",
                state: "nothing was changed", nextStep: "check the user, password and pg_hba.conf")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return StrataError(
                .connection, "the connection\(place) was closed (\(error.code))",
                state: "unknown: a statement may have been cut off; the running transaction is rolled back by the server",
                nextStep: "check the server log, then run the command again")
        case .queryCancelled:
            return StrataError(
                .sql, "the statement was cancelled", state: "the statement's transaction was rolled back",
                nextStep: "run the command again")
        default:
            if let underlying = error.underlying { return connectionFailure(underlying, place: place) }
            return StrataError(
                .connection, "cannot connect\(place): \(error.code)", state: "nothing was changed",
                nextStep: "check that the server is running and reachable")
        }
    }

    static func connectionFailure(_ error: any Error, place: String) -> StrataError {
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            let text = "\(error)"
            let reason: String
            if text.contains("failedToValidateHostname") {
                reason = "the server's certificate does not name the host in the URL"
            } else if text.contains("CERTIFICATE_VERIFY_FAILED") {
                reason = "the server's certificate is not signed by a CA in sslrootcert (or the system's trusted CAs)"
            } else {
                reason = "TLS handshake failed (\(text))"
            }
            return StrataError(
                .tls, "cannot connect\(place): \(reason)", state: "nothing was changed",
                nextStep: "point sslrootcert at the CA that signed the server certificate, and connect with a host name the certificate names (or use sslmode=verify-ca to check the chain only)")
        }
        if let timeout = error as? ChannelError, case .connectTimeout = timeout {
            return StrataError(
                .connection, "cannot connect\(place): timed out", state: "nothing was changed",
                nextStep: "check the host and port, firewalls, and raise connect_timeout if the server is slow")
        }
        // A socket error, alone or inside NIO's list of per-address attempts: said as the OS says it.
        let socket = (error as? IOError) ?? (error as? NIOConnectionError)?.connectionErrors.lazy.compactMap { $0.error as? IOError }.first
        if let socket {
            let reason = socket.errnoCode == ECONNREFUSED ? "connection refused" : String(cString: strerror(socket.errnoCode)).lowercased()
            return StrataError(
                .connection, "cannot connect\(place): \(reason)", state: "nothing was changed",
                nextStep: "check that the server is running and that host and port are right")
        }
        return StrataError(
            .connection, "cannot connect\(place): \(error)", state: "nothing was changed",
            nextStep: "check that the server is running and that host and port are right")
    }

    /// Connection-level SQLSTATE classes become their own codes.
    static func code(for sqlState: String) -> StrataError.Code {
        switch sqlState {
        case "28P01", "28000": .authentication
        case "42P01": .undefinedObject
        default: sqlState.hasPrefix("08") ? .connection : .sql
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
