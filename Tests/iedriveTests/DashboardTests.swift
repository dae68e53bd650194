import Foundation
import IEDriveTestSupport
import Testing

/// The dashboard in Debian's headless Chromium. Chromium reaches the daemon over TCP through
/// a `socat` forwarder to the control socket (the daemon's own TCP listener is another
/// change). Static DOM with --dump-dom (works without waiting for script); the live update
/// through the DevTools protocol (scripts/lib/chromium_cdp.py) while the drive is copied; a
/// screenshot kept at .build/test-artifacts/dashboard.png.
@Suite(.requiresRoot, .requiresUdevd, .serialized)
struct DashboardTests {
    static let screenshot = TestEnvironment.repositoryRoot.appendingPathComponent(".build/test-artifacts/dashboard.png").path

    @Test(.enabled(if: TestEnvironment.isOnPath("chromium") && TestEnvironment.isOnPath("socat"), "needs chromium and socat"))
    func dashboardShowsJobsAndFollowsADrive() throws {
        let harness = try DaemonHarness("dashboard", extraConfig: "[intake]\nallow_unencrypted = true\n")
        defer { harness.stop() }
        let drive = try DaemonTests.prepare("DASHA1", in: harness.scratch,
                                            files: ["video/clip.bin": DaemonTests.randomBytes(48 << 20, seed: 21)])
        try harness.start()
        try harness.createImportJob("dash-job", drives: [(drive.id, drive.key, drive.manifestHash)])
        try harness.ship("dash-job", tracking: "4242")
        try harness.deliver("dash-job", images: [drive.image])
        let (forwarder, base) = try Self.forward(to: harness.socket)
        defer { forwarder.stop() }

        // Static pages: the list and the job, as Chromium builds the DOM.
        let list = try Self.dumpDOM("\(base)/", scratch: harness.scratch)
        // The link names the job's scope (the daemon's default here), so a name in several scopes stays one job.
        #expect(list.contains("<th scope=\"row\"><a href=\"/jobs/dash-job?subscriptionId=00000000-0000-0000-0000-000000000000&amp;"
                              + "resourceGroup=iedrive&amp;vocabulary=classic\">dash-job</a></th>"), "\(list)")
        #expect(list.contains("Shipping") && list.contains("<caption>"), "\(list)")
        let preview = try Self.dumpDOM("\(base)/?vocabulary=preview", scratch: harness.scratch)
        #expect(preview.contains(">Shipped<"), "Preview label missing:\n\(preview)")
        let detail = try Self.dumpDOM("\(base)/jobs/dash-job", scratch: harness.scratch)
        #expect(detail.contains("<tr data-drive=\"DASHA1\">") && detail.contains(">Specified<"), "\(detail)")
        #expect(detail.contains("<progress max=\"100\" value=\"0\""), "\(detail)")
        #expect(detail.contains("<main id=\"main\">") && detail.contains("<nav aria-label="), "landmarks missing")
        #expect(!detail.contains(drive.key) && !list.contains(drive.key))

        // Live: the page subscribes, then the receipt lag passes and the drive is copied.
        let ready = harness.scratch.file("ready")
        try? FileManager.default.removeItem(atPath: Self.screenshot)
        let probe = try BackgroundCommand([
            "python3", TestEnvironment.script("lib/chromium_cdp.py"), "\(base)/jobs/dash-job",
            "--selector", "tr[data-drive=\"DASHA1\"] [data-field=\"state\"]", "--until", "Completed",
            "--timeout", "120", "--ready-file", ready, "--screenshot", Self.screenshot,
        ])
        defer { probe.stop() }
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: ready) && Date() < deadline && probe.isRunning { usleep(100_000) }
        #expect(FileManager.default.fileExists(atPath: ready), "the page never connected to the event stream")
        try harness.check(["sim", "advance", "2d"])
        let finished = try #require(probe.wait(timeout: 150), "the Chromium probe did not finish")
        #expect(finished.status == 0, "\(finished)")
        let result = try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(result["initial"] as? String == "Specified", "\(result)")
        #expect(result["final"] as? String == "Completed", "\(result)")
        #expect(result["sameDocument"] as? Bool == true, "the page reloaded instead of updating: \(result)")
        #expect(result["live"] as? String == "connected", "\(result)")
        #expect((result["progress"] as? NSNumber)?.intValue == 100, "\(result)")
        #expect(((result["seen"] as? [Any])?.count ?? 0) >= 2, "\(result)")
        #expect(FileManager.default.fileExists(atPath: Self.screenshot), "no screenshot at \(Self.screenshot)")
    }

    /// Two jobs named `twin` in two scopes: the list shows both, the detail page of one follows
    /// only that one (its switch links keep the scope); deleting the other removes the other's
    /// row and never touches this one's state.
    @Test(.enabled(if: TestEnvironment.isOnPath("chromium") && TestEnvironment.isOnPath("socat"), "needs chromium and socat"))
    func dashboardFollowsOneJobOfSeveralWithItsName() throws {
        let harness = try DaemonHarness("dashboard-twins")
        defer { harness.stop() }
        try harness.start()
        let hash = String(repeating: "0A", count: 16)
        try harness.createImportJob("twin", drives: [("TWINA1", DaemonHarness.unusedKey, hash)])
        let other = UUID().uuidString.lowercased()
        let otherFile = harness.scratch.file("twin-other.json")
        try DaemonHarness.importJob([("TWINB1", DaemonHarness.unusedKey, hash)]).write(toFile: otherFile, atomically: true, encoding: .utf8)
        try harness.check(["jobs", "create", "twin", "--file", otherFile, "--subscription", other, "--resource-group", "rg-other"])
        let (forwarder, base) = try Self.forward(to: harness.socket)
        defer { forwarder.stop() }

        let home = "subscriptionId=00000000-0000-0000-0000-000000000000&resourceGroup=iedrive"
        let ambiguous = try Self.dumpDOM("\(base)/jobs/twin", scratch: harness.scratch)
        #expect(ambiguous.contains("Several jobs are named twin"), "\(ambiguous)")
        let detail = try Self.dumpDOM("\(base)/jobs/twin?\(home)", scratch: harness.scratch)
        #expect(detail.contains("data-subscription=\"00000000-0000-0000-0000-000000000000\" data-resource-group=\"iedrive\""), "\(detail)")
        #expect(detail.contains("href=\"/jobs/twin?\(home.replacingOccurrences(of: "&", with: "&amp;"))&amp;vocabulary=preview\""),
                "the vocabulary switch keeps the scope: \(detail)")

        // Both pages live at once; then the other scope's twin is deleted and this one shipped.
        let listReady = harness.scratch.file("list-ready"), detailReady = harness.scratch.file("detail-ready")
        let listProbe = try BackgroundCommand([
            "python3", TestEnvironment.script("lib/chromium_cdp.py"), "\(base)/",
            "--selector", "tr[data-job=\"twin\"][data-resource-group=\"iedrive\"] [data-field=\"state\"]", "--until", "Shipping",
            "--timeout", "60", "--ready-file", listReady,
        ])
        defer { listProbe.stop() }
        let detailProbe = try BackgroundCommand([
            "python3", TestEnvironment.script("lib/chromium_cdp.py"), "\(base)/jobs/twin?\(home)",
            "--selector", "[data-field=\"job-state\"]", "--until", "Shipping", "--timeout", "60", "--ready-file", detailReady,
        ])
        defer { detailProbe.stop() }
        let deadline = Date().addingTimeInterval(60)
        while !(FileManager.default.fileExists(atPath: listReady) && FileManager.default.fileExists(atPath: detailReady))
                && Date() < deadline && listProbe.isRunning && detailProbe.isRunning {
            usleep(100_000)
        }
        try #require(FileManager.default.fileExists(atPath: listReady) && FileManager.default.fileExists(atPath: detailReady),
                     "the pages never connected to the event stream")
        try harness.check(["jobs", "delete", "twin", "--subscription", other, "--resource-group", "rg-other"])
        usleep(500_000)   // the deletion reaches both pages before the ship that ends the probes
        try harness.ship("twin", tracking: "7777")
        for (label, probe) in [("list", listProbe), ("detail", detailProbe)] {
            let finished = try #require(probe.wait(timeout: 90), "the \(label) probe did not finish")
            #expect(finished.status == 0, "\(label): \(finished)")
            let result = try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any] ?? [:]
            #expect(result["seen"] as? [String] == ["Creating", "Shipping"],
                    "\(label): the other scope's deletion touched this job: \(result)")
            #expect(result["sameDocument"] as? Bool == true, "\(label): \(result)")
        }
    }

    /// `socat` from a free loopback port to the control socket; returns it and the base URL.
    static func forward(to socket: String) throws -> (BackgroundCommand, String) {
        for _ in 0..<20 {
            let port = Int.random(in: 30_000...60_000)
            let command = try BackgroundCommand(["socat", "TCP-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork", "UNIX-CONNECT:\(socket)"])
            let base = "http://127.0.0.1:\(port)"
            for _ in 0..<30 {
                if let answer = try? CommandRunner.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "\(base)/iedrive/v1/healthz"]),
                   answer.stdout == "200" {
                    return (command, base)
                }
                if !command.isRunning { break }
                usleep(100_000)
            }
            command.stop()
        }
        throw TestSupportError.setup("no loopback port for the socat forwarder")
    }

    static func dumpDOM(_ url: String, scratch: TemporaryDirectory) throws -> String {
        let profile = scratch.file("chromium-\(UUID().uuidString)")
        return try CommandRunner.check(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)",
                                        "--dump-dom", url])
    }
}
