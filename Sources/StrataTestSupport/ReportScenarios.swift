import Foundation
import Strata

/// `strata report --html`: the page's contents, and the page opened in headless Chromium.
package enum ReportScenarios {
    /// A migrated project's report: written, under 2 MB, every table in the diagram and the table
    /// list, each section there, nothing that would fetch anything, no password.
    package static func reportFile(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture(MigrationFixture.three)
        defer { fixture.cleanup() }
        let arguments = ["--database", database.urlText, "--migrations", fixture.directory]
        let migrated = try await StrataProcess.run(arguments + ["migrate"])
        try expectEqual(migrated.status, 0, "migrate: \(migrated.stderr)")
        let file = NSTemporaryDirectory() + "strata-report-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try await StrataProcess.run(arguments + ["report", "--html", file])
        try expectEqual(result.status, 0, "report: \(result.stderr)")
        try expect(result.stdout.contains("Wrote \(file): 2 tables"), "says what it wrote: \(result.stdout)")
        let html = try String(contentsOfFile: file, encoding: .utf8)
        try expect(html.utf8.count < 2_000_000, "under 2 MB")
        for table in ["users", "posts"] {
            try expect(html.contains("class=\"box\" data-name=\"\(database.dialect == .postgres ? "public." : "")\(table)\""), "\(table) in the diagram")
            try expect(html.contains("<details class=\"table\" id=\"table-"), "the table list")
        }
        for section in ["diagram-section", "tables", "status", "history", "lint", "health", "drift"] {
            try expect(html.contains("<section id=\"\(section)\">"), "the \(section) section")
        }
        try expect(html.contains("<td>003</td><td>add_email</td><td>applied</td>"), "the status lists the migrations")
        try expect(html.contains("The live schema is what the applied migrations make."), "no drift: \(html.components(separatedBy: "id=\"drift\"").last?.prefix(400) ?? "")")
        try expect(!html.contains("<link") && !html.contains(" src=") && !html.contains("url(http"), "nothing to fetch")
        if let password = URLComponents(string: database.urlText)?.password { try expect(!html.contains(password), "no password") }
    }

    /// The report of a 91-table schema opened in headless Chromium: the page's script runs and finds
    /// every table inside the diagram's view after fitting it, the console shows no error, the page
    /// asks the network for nothing (its net log holds no request a page started, where the same
    /// check does see one in a page that fetches an image), the screenshot is a picture, not blank.
    package static func chromiumOpens(_ database: TestDatabase, chromium: String, schemaSQL: String, tables: Int) async throws {
        // One connection for the whole script: the test process authenticates each one.
        let statements = try SQLScript(file: "schema.sql", text: schemaSQL).statements(dialect: database.dialect)
        try await database.driver.withConnection(logger: TestDatabase.logger) { connection in
            for statement in statements { try await connection.execute(statement.text, []) }
        }
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        let directory = NSTemporaryDirectory() + "strata-report-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/report.html"
        let result = try await StrataProcess.run(["--database", database.urlText, "--migrations", fixture.directory, "report", "--html", file])
        try expectEqual(result.status, 0, "report: \(result.stderr)")
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
        try expect(size > 0 && size < 2_000_000, "under 2 MB: \(size) bytes")

        let opened = try await open(file, chromium: chromium, directory: directory)
        try expect(opened.console.contains { $0.contains("strata-report-ready tables=\(tables) visible=\(tables)\"") }, "every table in view: \(opened.console)")
        let errors = opened.console.filter { !$0.contains("strata-report-ready") }
        try expectEqual(errors, [], "no other console message")
        try expectEqual(opened.pageRequests, [], "no network request from the page")
        try expect(opened.colours > 50, "the screenshot shows a picture: \(opened.colours) colours")

        // The network check sees what it must: a page that fetches an image is caught.
        let fetching = directory + "/fetching.html"
        try "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/strata-probe.png\"></body></html>".write(toFile: fetching, atomically: true, encoding: .utf8)
        let control = try await open(fetching, chromium: chromium, directory: directory)
        try expect(control.pageRequests.contains { $0.contains("strata-probe.png") }, "the check sees a page's request: \(control.pageRequests)")
    }

    struct Opened {
        var console: [String]
        var pageRequests: [String]
        var colours: Int
    }

    /// Opens `file` headless with its console on stderr, a net log, and a screenshot.
    static func open(_ file: String, chromium: String, directory: String) async throws -> Opened {
        let netLog = directory + "/net-\(UUID().uuidString).json"
        let screenshot = directory + "/shot-\(UUID().uuidString).png"
        let run = try await StrataProcess.runTool(
            chromium,
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1600,1000",
                "--user-data-dir=\(directory)/profile-\(UUID().uuidString)", "--enable-logging=stderr", "--log-level=0",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--log-net-log=\(netLog)", "--virtual-time-budget=3000",
                "--screenshot=\(screenshot)", "file://\(file)",
            ])
        try expectEqual(run.status, 0, "chromium ran: \(run.stderr.suffix(2000))")
        let console = run.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        let script = """
            import json, sys, zlib, struct
            text = open(sys.argv[1]).read().rstrip()
            if not text.endswith("}"): text = text.rstrip(",") + "]}"
            log = json.loads(text)
            names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
            for event in log["events"]:
                params = event.get("params", {})
                # The browser's own requests (updates, accounts) have no origin; a page's have one.
                if names.get(event["type"]) == "URL_REQUEST_START_JOB" and "url" in params and params.get("initiator") != "not an origin":
                    print("request", params.get("url"))
            png = open(sys.argv[2], "rb").read()
            chunks, offset = b"", 8
            while offset < len(png):
                length, kind = struct.unpack(">I4s", png[offset:offset + 8])
                if kind == b"IHDR": width, height, depth, colour = struct.unpack(">IIBB", png[offset + 8:offset + 18])
                if kind == b"IDAT": chunks += png[offset + 8:offset + 8 + length]
                offset += 12 + length
            raw, channels = zlib.decompress(chunks), {2: 3, 6: 4}[colour]
            stride, seen = width * channels + 1, set()
            for row in range(0, height, 7):
                line = raw[row * stride + 1:(row + 1) * stride]
                for x in range(0, width * channels, channels * 5): seen.add(line[x:x + 3])
            print("colours", len(seen))
            """
        let read = try await StrataProcess.runTool("/usr/bin/env", ["python3", "-c", script, netLog, screenshot])
        try expectEqual(read.status, 0, "read the net log and the screenshot: \(read.stderr)")
        let lines = read.stdout.split(separator: "\n")
        let requests = lines.filter { $0.hasPrefix("request ") }.map { String($0.dropFirst("request ".count)) }
        let colours = lines.first { $0.hasPrefix("colours ") }.flatMap { Int($0.dropFirst("colours ".count)) } ?? 0
        return Opened(console: console, pageRequests: requests, colours: colours)
    }
}
