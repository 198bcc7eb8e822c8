import CZlib
import Crypto
import Foundation

/// gzip files with the system zlib, streaming in 1 MiB blocks (memory stays flat whatever the
/// size). Compression hashes what it writes, so the checksum costs no second read.
package enum Gzip {
    /// Compresses `source` into a new 0600 file `destination`; returns the SHA-256 of the gzip bytes.
    package static func compress(
        _ source: String, to destination: String, level: Int32 = 1,
        progress: ((Int64) -> Void)? = nil
    ) throws -> String {
        let (input, output) = try openPair(source, destination)
        defer {
            close(input)
            close(output)
        }
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw StrataError(.backup, "cannot start gzip compression", nextStep: "check the zlib installation")
        }
        defer { deflateEnd(&stream) }
        var hasher = SHA256()
        var inBuffer = [UInt8](repeating: 0, count: 1 << 20)
        var outBuffer = [UInt8](repeating: 0, count: 1 << 20)
        var total: Int64 = 0
        var finished = false
        while !finished {
            let count = try readSome(input, &inBuffer, path: source)
            total += Int64(count)
            finished = count == 0
            try inBuffer.withUnsafeMutableBufferPointer { inPointer in
                stream.next_in = inPointer.baseAddress
                stream.avail_in = UInt32(count)
                repeat {
                    let produced = try outBuffer.withUnsafeMutableBufferPointer { outPointer -> Int in
                        stream.next_out = outPointer.baseAddress
                        stream.avail_out = UInt32(outPointer.count)
                        let code = deflate(&stream, finished ? Z_FINISH : Z_NO_FLUSH)
                        guard code != Z_STREAM_ERROR else { throw StrataError(.backup, "gzip compression of \(source) failed") }
                        return outPointer.count - Int(stream.avail_out)
                    }
                    try outBuffer.withUnsafeBufferPointer { pointer in
                        let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(pointer)[..<produced])
                        hasher.update(bufferPointer: bytes)
                        try BackupFiles.writeAll(output, bytes, path: destination)
                    }
                } while stream.avail_out == 0
            }
            progress?(total)
        }
        guard fsync(output) == 0 else { throw StrataError(.io, "cannot sync \(destination): \(BackupFiles.describe(errno))") }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Decompresses the gzip file `source` into a new 0600 file `destination`.
    /// - Throws: `.backup` naming the file when it is not gzip or is cut short.
    package static func decompress(_ source: String, to destination: String, progress: ((Int64) -> Void)? = nil) throws {
        let (input, output) = try openPair(source, destination)
        defer {
            close(input)
            close(output)
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw StrataError(.backup, "cannot start gzip decompression", nextStep: "check the zlib installation")
        }
        defer { inflateEnd(&stream) }
        var inBuffer = [UInt8](repeating: 0, count: 1 << 20)
        var outBuffer = [UInt8](repeating: 0, count: 1 << 20)
        var total: Int64 = 0
        var ended = false
        while !ended {
            let count = try readSome(input, &inBuffer, path: source)
            guard count > 0 else {
                throw StrataError(
                    .backup, "the compressed backup \(source) is cut short", state: "nothing was restored",
                    nextStep: "use another backup")
            }
            total += Int64(count)
            try inBuffer.withUnsafeMutableBufferPointer { inPointer in
                stream.next_in = inPointer.baseAddress
                stream.avail_in = UInt32(count)
                repeat {
                    let (produced, code) = outBuffer.withUnsafeMutableBufferPointer { outPointer -> (Int, Int32) in
                        stream.next_out = outPointer.baseAddress
                        stream.avail_out = UInt32(outPointer.count)
                        let code = inflate(&stream, Z_NO_FLUSH)
                        return (outPointer.count - Int(stream.avail_out), code)
                    }
                    guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                        throw StrataError(
                            .backup, "the compressed backup \(source) is not valid gzip (zlib \(code))",
                            state: "nothing was restored", nextStep: "use another backup")
                    }
                    try outBuffer.withUnsafeBufferPointer { pointer in
                        try BackupFiles.writeAll(output, UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(pointer)[..<produced]), path: destination)
                    }
                    if code == Z_STREAM_END { ended = true }
                } while stream.avail_out == 0 && !ended
            }
            progress?(total)
        }
    }

    /// `source` for reading and a new 0600 `destination` for writing.
    private static func openPair(_ source: String, _ destination: String) throws -> (Int32, Int32) {
        let input = try open(source, O_RDONLY)
        do {
            try BackupFiles.createPrivateFile(destination)
            return (input, try open(destination, O_WRONLY))
        } catch {
            close(input)
            throw error
        }
    }

    private static func open(_ path: String, _ flags: Int32) throws -> Int32 {
        let fd = Foundation.open(path, flags | O_CLOEXEC)
        guard fd >= 0 else { throw StrataError(.backup, "cannot open \(path): \(BackupFiles.describe(errno))") }
        return fd
    }

    private static func readSome(_ fd: Int32, _ buffer: inout [UInt8], path: String) throws -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            if errno != EINTR { throw StrataError(.backup, "cannot read \(path): \(BackupFiles.describe(errno))") }
        }
    }

}
