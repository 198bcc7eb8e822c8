import Foundation
import NIOCore
import NIOSSL
import PostgresNIO
import StrataCore

/// Builds postgres-nio's configuration from a `PostgresURL`, honouring `sslmode` exactly:
/// `disable` no TLS; `allow`/`prefer` TLS when offered, unverified; `require` TLS, verified
/// against `sslrootcert` only when one is given (libpq's rule); `verify-ca` chain checked;
/// `verify-full` chain and host name checked (an IP address is matched against the
/// certificate's IP entries).
enum PostgresConnectionSettings {
    /// libpq's compiled-in socket directory on Debian and Ubuntu, used when no host is given.
    static let defaultSocketDirectory = "/var/run/postgresql"

    static func configuration(for url: PostgresURL, applicationName: String) throws -> PostgresConnection.Configuration {
        let user = url.user ?? RunnerIdentity.current.user
        let database = url.database ?? user
        let password = url.password?.unsafeValue
        var configuration: PostgresConnection.Configuration
        var socketDirectory = url.socketDirectory
        if url.host == nil, socketDirectory == nil, FileManager.default.fileExists(atPath: "\(defaultSocketDirectory)/.s.PGSQL.\(url.port)") {
            socketDirectory = defaultSocketDirectory
        }
        if let socketDirectory {
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(url.port)", username: user, password: password, database: database)
        } else {
            let host = url.host ?? "localhost"
            configuration = .init(host: host, port: url.port, username: user, password: password, database: database, tls: try tls(for: url))
            if url.sslMode == .verifyFull, !Self.isIPAddress(host) {
                configuration.options.tlsServerName = host
            }
        }
        if let seconds = url.connectTimeout, seconds > 0 {
            configuration.options.connectTimeout = .seconds(Int64(seconds))
        }
        configuration.options.additionalStartupParameters.append(("application_name", applicationName))
        if let options = url.options {
            configuration.options.additionalStartupParameters.append(("options", options))
        }
        return configuration
    }

    /// The same configuration over an already connected channel.
    static func reusing(_ configuration: PostgresConnection.Configuration, over channel: any Channel) -> PostgresConnection.Configuration {
        var reused = PostgresConnection.Configuration(
            establishedChannel: channel, tls: configuration.tls, username: configuration.username,
            password: configuration.password, database: configuration.database)
        reused.options = configuration.options
        return reused
    }

    static func tls(for url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch url.sslMode {
        case .disable:
            return .disable
        case .allow, .prefer:
            tls.certificateVerification = .none
        case .require:
            tls.certificateVerification = url.sslRootCert == nil ? .none : .noHostnameVerification
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
        case .verifyFull:
            tls.certificateVerification = .fullVerification
        }
        if let rootCert = url.sslRootCert {
            tls.trustRoots = .file(rootCert)
        } else if tls.certificateVerification == .none {
            // Nothing is verified: skip loading the system's CA bundle.
            tls.trustRoots = .certificates([])
        }
        if let certificate = url.sslCert, let key = url.sslKey {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            } catch {
                throw StrataError(
                    .tls, "cannot read the client certificate \(certificate) or key \(key): \(error)",
                    state: "nothing was changed", nextStep: "check sslcert and sslkey point at PEM files you may read")
            }
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw StrataError(
                .tls, "cannot set up TLS: \(error)", state: "nothing was changed",
                nextStep: "check that sslrootcert points at a PEM file of CA certificates")
        }
        return url.sslMode == .allow || url.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
