import Foundation
import Testing
@testable import StrataCore

private func version(_ text: String) -> MigrationVersion {
    guard let version = MigrationVersion(text) else { preconditionFailure("\(text) is not a version") }
    return version
}

@Suite("Migration versions")
struct MigrationVersionTests {
    @Test(arguments: ["1", "0003", "20240101120000", "1.2", "1.2.10", "1_1", "2017-09-01-201505", "0"])
    func parsesValidVersions(text: String) {
        #expect(MigrationVersion(text) != nil)
    }

    @Test(arguments: ["", "a", "v1", "1a", "1.", ".1", "1..2", "1._2", "-1", "1-", " 1", "1 ", "١", "1.2a", "²"])
    func rejectsEverythingElse(text: String) {
        #expect(MigrationVersion(text) == nil)
    }

    @Test func textKeepsTheSpellingWithUnderscoresShownAsDots() {
        #expect(version("0003").text == "0003")
        #expect(version("1_1").text == "1.1")
        #expect(version("2017-09-01-201505").text == "2017-09-01-201505")
        #expect(version("20240101120000").description == "20240101120000")
    }

    @Test func equalityIgnoresLeadingZerosAndTrailingZeroSegments() {
        #expect(version("0003") == version("3"))
        #expect(version("1.0") == version("1"))
        #expect(version("1.0.0") == version("1"))
        #expect(version("1_2") == version("1.2"))
        #expect(version("1.01") == version("1.1"))
        #expect(version("1.0.1") != version("1.1"))
        #expect(Set([version("3"), version("003"), version("3.0")]).count == 1)
    }

    @Test func ordersNumericallySegmentBySegment() {
        let sorted = ["10", "9", "1.10", "1.9", "1.2.1", "1.2", "0", "100", "20240101120000", "2"]
            .map(version).sorted().map(\.text)
        #expect(sorted == ["0", "1.2", "1.2.1", "1.9", "1.10", "2", "9", "10", "100", "20240101120000"])
        #expect(version("1") < version("1.0.1"))
        #expect(!(version("1.0") < version("1")))
        #expect(version("99999999999999999999") < version("100000000000000000000"))
    }

    @Test func codableAsItsText() throws {
        let data = try JSONEncoder().encode([version("1_2")])
        #expect(String(decoding: data, as: UTF8.self) == #"["1.2"]"#)
        #expect(try JSONDecoder().decode([MigrationVersion].self, from: Data(#"["0003"]"#.utf8)) == [version("3")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([MigrationVersion].self, from: Data(#"["v1"]"#.utf8))
        }
    }
}

@Suite("Migration file names")
struct MigrationFileNameTests {
    @Test(arguments: [
        ("20240101120000_create_users", "20240101120000", "create_users"),
        ("0001_init", "0001", "init"),
        ("1.2_add_index", "1.2", "add_index"),
        ("2017-09-01-201505_create_posts", "2017-09-01-201505", "create_posts"),
        ("42", "42", ""),
    ])
    func splitsVersionAndDescription(stem: String, versionText: String, description: String) throws {
        let (parsed, rest) = try #require(MigrationFileName.split(stem))
        #expect(parsed.text == versionText)
        #expect(rest == description)
    }

    @Test(arguments: ["views", "create_users", "1-x", "1_", "_1_x", "1x_y", ""])
    func refusesNamesWithoutAVersion(stem: String) {
        #expect(MigrationFileName.split(stem) == nil)
    }

    @Test func flywayNames() throws {
        let versioned = try #require(FlywayName("V1_1__add_users"))
        #expect(versioned.prefix == "V")
        #expect(versioned.version?.text == "1.1")
        #expect(versioned.description == "add_users")
        let undo = try #require(FlywayName("U2__drop"))
        #expect(undo.prefix == "U")
        #expect(undo.version == version("2"))
        let repeatable = try #require(FlywayName("R__views"))
        #expect(repeatable.version == nil)
        #expect(repeatable.description == "views")
        for stem in ["V1_add", "V__x", "R1__x", "Vx__y", "V1__", "X1__y", "1__y"] {
            #expect(FlywayName(stem) == nil, "\(stem)")
        }
    }

    @Test func orderingPutsVersionsFirstThenRepeatablesByDescription() {
        let migrations = [
            makeMigration(nil, "views", kind: .repeatable), makeMigration("10", "c"), makeMigration("2", "b"),
            makeMigration(nil, "functions", kind: .repeatable), makeMigration("1.5", "a"),
        ]
        #expect(MigrationOrdering.sorted(migrations).map(\.id) == ["1.5", "2", "10", "repeatable:functions", "repeatable:views"])
    }

    @Test func migrationNames() {
        #expect(makeMigration("3", "add_email").name == "3_add_email")
        #expect(makeMigration("3", "").name == "3")
        #expect(makeMigration(nil, "views", kind: .repeatable).name == "views")
        #expect(makeMigration(nil, "views", kind: .repeatable).id == "repeatable:views")
    }
}
