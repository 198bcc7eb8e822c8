import Crypto
import Foundation
import Testing
@testable import StrataCore

@Suite("Checksums")
struct ChecksumTests {
    @Test func isTheSHA256OfTheNormalizedText() {
        // FIPS 180-2 test vectors: the text needs no normalization.
        #expect(Checksum(of: ["abc"]).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Checksum(of: [""]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Checksum(of: ["abc"]).algorithm == 1)
        #expect(Checksum.currentAlgorithm == 1)
    }

    @Test func descriptionNamesTheAlgorithm() {
        #expect(Checksum(of: ["abc"]).description == "sha256-v1:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [
        "CREATE TABLE t (x int);\r\nDROP TABLE t;\r\n",
        "CREATE TABLE t (x int);\rDROP TABLE t;\r",
        "\u{FEFF}CREATE TABLE t (x int);\nDROP TABLE t;\n",
        "CREATE TABLE t (x int);  \t\nDROP TABLE t;\t\n",
        "CREATE TABLE t (x int);\nDROP TABLE t;\n\n\n  \n",
        "CREATE TABLE t (x int);\nDROP TABLE t;",
        "\u{FEFF}CREATE TABLE t (x int); \r\nDROP TABLE t;\r\n\r\n",
    ])
    func lineEndingsBOMAndTrailingBlanksDoNotChangeIt(variant: String) {
        #expect(Checksum(of: [variant]) == Checksum(of: ["CREATE TABLE t (x int);\nDROP TABLE t;\n"]))
    }

    @Test(arguments: [
        "CREATE TABLE t (x int);\nDROP TABLE t;\n-- note\n",
        "CREATE TABLE t (x bigint);\nDROP TABLE t;\n",
        "  CREATE TABLE t (x int);\nDROP TABLE t;\n",
        "CREATE TABLE t (x int);\n\nDROP TABLE t;\n",
        "CREATE TABLE t  (x int);\nDROP TABLE t;\n",
        "\nCREATE TABLE t (x int);\nDROP TABLE t;\n",
    ])
    func realEditsChangeIt(edited: String) {
        #expect(Checksum(of: [edited]) != Checksum(of: ["CREATE TABLE t (x int);\nDROP TABLE t;\n"]))
    }

    @Test func normalization() {
        #expect(Checksum.normalize("\u{FEFF}a  \r\nb\t\rc\n\n \n") == "a\nb\nc")
        #expect(Checksum.normalize("a\n\n\nb") == "a\n\n\nb")
        #expect(Checksum.normalize("") == "")
        #expect(Checksum.normalize("\n\n") == "")
        #expect(Checksum.normalize("x\u{FEFF}") == "x\u{FEFF}")
    }

    @Test func severalFilesAreSeparatedUnambiguously() {
        let up = "CREATE TABLE t (x int);"
        let down = "DROP TABLE t;"
        #expect(Checksum(of: [up, down]) != Checksum(of: [up + "\n" + down]))
        #expect(Checksum(of: [up, down]) != Checksum(of: [down, up]))
        #expect(Checksum(of: [up, ""]) != Checksum(of: [up]))
        #expect(Checksum(of: [up, down]) == Checksum(of: [up + "\r\n", "\u{FEFF}" + down + "  \n"]))
    }

    @Test func hexIsSixtyFourLowercaseDigits() {
        for text in ["", "x", "é", String(repeating: "long line\n", count: 1000)] {
            let hex = Checksum(of: [text]).hex
            #expect(hex.count == 64)
            #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
        }
    }

    @Test func codableRoundTrip() throws {
        let checksum = Checksum(of: ["abc"])
        let decoded = try JSONDecoder().decode(Checksum.self, from: JSONEncoder().encode(checksum))
        #expect(decoded == checksum)
    }
}

extension ChecksumTests {
    @Test("the fast path for text that is normalized already gives the checksum of the normalized bytes, for any text")
    func fastPathAgreesWithTheNormalization() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", " ", "\t", "\n", "\r", "\r\n", "\u{FEFF}", "é", ";"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let slow = Checksum(algorithm: 1, hex: SHA256.hash(data: Checksum.normalizedBytes(text)).map { String(format: "%02x", $0) }.joined())
            #expect(Checksum(of: [text]) == slow, "\(text.debugDescription)")
        }
    }
}
