import Foundation
import Testing

@testable import StrataCore

/// `trimmingBlanks` trims what Foundation's `trimmingCharacters` trims.
@Suite struct BlanksTests {
    static let samples = [
        "", " ", "\n\t ", "x", "  SELECT 1;\n", "\u{00A0}a b\u{3000}", "\r\nCREATE VIEW v AS\n SELECT 1\n\n", "a -- note\n", "\u{2028}x\u{85}", "\t\u{0B}y\u{0C}",
    ]

    @Test(arguments: samples)
    func asFoundationTrimsWhiteSpaceAndNewlines(_ text: String) {
        #expect(text.trimmingBlanks() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text.trimmingBlanks(newlines: false) == text.trimmingCharacters(in: .whitespaces))
    }
}
