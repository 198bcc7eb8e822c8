import Testing
@testable import StrataCore

@Suite("Setting values")
struct SettingValueTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
        ("2d", .seconds(172_800)), ("1.5", .milliseconds(1500)), ("0", .zero), (" 10 MS ", .milliseconds(10)),
        ("0.25s", .milliseconds(250)), ("90", .seconds(90)),
    ])
    func durations(text: String, expected: Duration) {
        #expect(SettingValue.duration(text) == expected)
    }

    @Test(arguments: ["", "soon", "-5s", "5 minutes", "nan", "inf", "1e400", "5x", "ms", "1,5s"])
    func invalidDurations(text: String) {
        #expect(SettingValue.duration(text) == nil)
    }

    @Test(arguments: [
        ("512MB", Int64(512_000_000)), ("2GB", 2_000_000_000), ("1GiB", 1_073_741_824), ("1.5GiB", 1_610_612_736),
        ("10KiB", 10240), ("1TB", 1_000_000_000_000), ("100B", 100), ("100", 100), ("3 kb", 3000),
    ])
    func sizes(text: String, expected: Int64) {
        #expect(SettingValue.bytes(text) == expected)
    }

    /// Bug: a bare negative number is accepted as a size, while "-5GB" is refused.
    @Test(arguments: ["", "lots", "-1GB", "-5", "GB", "1.5"])
    func invalidSizes(text: String) {
        #expect(SettingValue.bytes(text) == nil)
    }

    @Test func booleans() {
        for text in ["true", "TRUE", "yes", "on", "1", " true "] { #expect(SettingValue.bool(text) == true, "\(text)") }
        for text in ["false", "No", "off", "0"] { #expect(SettingValue.bool(text) == false, "\(text)") }
        for text in ["", "maybe", "2", "y"] { #expect(SettingValue.bool(text) == nil, "\(text)") }
    }

    /// Bug: a finite duration too large for Int64 milliseconds traps in `SettingValue.duration`
    /// instead of being refused (a user's typo must throw, not crash).
    @Test func hugeDurationIsRefusedNotACrash() async {
        await #expect(processExitsWith: .success) {
            precondition(SettingValue.duration("1e300s") == nil)
            precondition(SettingValue.duration("1e17") == nil)
        }
    }

    /// Bug: the same overflow traps in `SettingValue.bytes`.
    @Test func hugeSizeIsRefusedNotACrash() async {
        await #expect(processExitsWith: .success) {
            precondition(SettingValue.bytes("1e30GB") == nil)
        }
    }
}
