import Foundation
import StrataTestSupport
import Testing

@Suite("PostgreSQL report", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresReportTests {
    @Test("strata report --html: every table, every section, nothing fetched, under 2 MB")
    func reportFile() async throws {
        try await PostgresTestSupport.database().use { try await ReportScenarios.reportFile($0) }
    }

    @Test("the report of a 91-table schema in headless Chromium: every table in view, no console error, no request, a screenshot")
    func chromium() async throws {
        guard let chromium = ProcessInfo.processInfo.environment["STRATA_CHROMIUM"], !chromium.isEmpty else {
            Issue.record("STRATA_CHROMIUM is not set: the test script did not install Chromium (scripts/chromium.sh)")
            return
        }
        let schema = try String(contentsOfFile: PackageFiles.path("Benchmarks/fixtures/diff-large/current.sql"), encoding: .utf8)
        try await PostgresTestSupport.database().use {
            try await ReportScenarios.chromiumOpens($0, chromium: chromium, schemaSQL: schema, tables: 91)
        }
    }
}
