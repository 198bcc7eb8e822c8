#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// IP addresses as text, in one canonical form for both sides of the verification: the address
/// as `inet_ntop` prints it (what PostgreSQL's `inet` prints too) and the prefix only when it
/// is not the whole address (`10.0.0.1/32` is `10.0.0.1`).
enum InetText {
    /// Whether `text` is an address, with or without a /prefix (no text is built).
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = parts.first, !address.isEmpty, address.count <= 45 else { return false }
        let family = address.contains(":") ? AF_INET6 : AF_INET
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), parts[1].allSatisfy(\.isNumber), prefix <= (family == AF_INET6 ? 128 : 32) else { return false }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            String(address).withCString { inet_pton(family, $0, buffer.baseAddress) } == 1
        }
    }

    static func canonical(_ text: String) -> String? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addressText = parts.first, !addressText.isEmpty, addressText.count <= 45 else { return nil }
        let family = addressText.contains(":") ? AF_INET6 : AF_INET
        let bits = family == AF_INET6 ? 128 : 32
        var prefix = bits
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...bits).contains(value), parts[1].allSatisfy(\.isNumber) else { return nil }
            prefix = value
        }
        var address = [UInt8](repeating: 0, count: 16)
        let parsed = String(addressText).withCString { inet_pton(family, $0, &address) }
        guard parsed == 1 else { return nil }
        var output = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, &address, &output, socklen_t(output.count)) != nil else { return nil }
        let printed = String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return prefix == bits ? printed : "\(printed)/\(prefix)"
    }
}
