import Foundation
import IEDriveTestSupport
import Testing

/// What the daemon publishes, end to end with the built binary, a real drive image on a loop
/// device and real clients: the event stream (curl, `iedrive watch`), `/metrics` and the
/// dashboard in headless Chromium.
@Suite(.requiresRoot, .requiresUdevd, .serialized)
struct PublishingTests {
    /// One drive through create → ship → deliver → receipt → copy → Completed while three
    /// clients follow: stream A from the start, stream B resuming with Last-Event-ID from the
    /// middle while the copy is still to come, and `iedrive watch JOB --json`. The progress
    /// reaches all bytes before the drive's Completed event; B holds exactly A's events after its
    /// resume point (no gap, no duplicate) and equals a full replay; metrics reflect the drive.
    @Test func eventStreamFollowsADriveToCompletionAndResumes() throws {
        let harness = try DaemonHarness("events", extraConfig: "[intake]\nallow_unencrypted = true\n")
        defer { harness.stop() }
        let size = 24 << 20
        let drive = try DaemonTests.prepare("PUBA1", in: harness.scratch, files: [
            "data/stream.bin": DaemonTests.randomBytes(size, seed: 11), "note.txt": Array("event stream\n".utf8),
        ])
        let total = Int64(size + "event stream\n".utf8.count)
        try harness.start()
        let streamA = try EventCapture(socket: harness.socket, into: harness.scratch.file("a.sse"))
        defer { streamA.stop() }
        #expect(streamA.wait(timeout: 10) { $0.first?.event == "snapshot" }, "no snapshot first: \(streamA.text)")

        try harness.createImportJob("pub-job", drives: [(drive.id, drive.key, drive.manifestHash)])
        let watch = try BackgroundCommand([TestEnvironment.iedriveBinary, "watch", "pub-job", "--json",
                                           "--endpoint", harness.socket])
        defer { watch.stop() }
        try harness.ship("pub-job", tracking: "777")
        try harness.deliver("pub-job", images: [drive.image])
        #expect(streamA.wait(timeout: 10) { $0.contains { $0.event == "packageDelivered" } }, "\(streamA.text)")
        let resumePoint = try #require(streamA.lifecycleIDs.last)
        let streamB = try EventCapture(socket: harness.socket, lastEventID: resumePoint, into: harness.scratch.file("b.sse"))
        defer { streamB.stop() }
        try harness.check(["sim", "advance", "2d"])
        _ = try harness.waitForDrives("pub-job") { $0.first?["state"] as? String == "Completed" }

        let completed: ([EventCapture.Message]) -> Bool = { messages in
            messages.contains { $0.event == "driveStateChanged" && $0.data["to"] as? String == "Completed" }
        }
        #expect(streamA.wait(timeout: 10, completed), "A never saw the drive complete:\n\(streamA.text)")
        #expect(streamB.wait(timeout: 10, completed), "B never saw the drive complete:\n\(streamB.text)")
        // Let both streams take whatever follows (the job's move to Packaging).
        #expect(streamA.wait(timeout: 10) { $0.contains { $0.data["to"] as? String == "Packaging" } }, "\(streamA.text)")
        sleep(1)
        // B, a second connection, may be a moment behind A.
        _ = streamB.wait(timeout: 10) { _ in streamB.lifecycleIDs.last == streamA.lifecycleIDs.last }

        // Progress to completion, before the Completed event, never going back.
        let messages = streamA.messages
        let progress = messages.enumerated().filter { $0.element.event == "progress" && $0.element.data["driveId"] as? String == "PUBA1" }
        #expect(!progress.isEmpty, "no progress events:\n\(streamA.text)")
        let bytes = progress.map { ($0.element.data["bytesSucceeded"] as? NSNumber)?.int64Value ?? -1 }
        #expect(bytes == bytes.sorted(), "progress went back: \(bytes)")
        #expect(bytes.last == total, "last progress \(bytes.last ?? -1) of \(total)")
        #expect((progress.last?.element.data["bytesToCopy"] as? NSNumber)?.int64Value == total)
        let completedAt = messages.firstIndex { $0.event == "driveStateChanged" && $0.data["to"] as? String == "Completed" }
        #expect(completedAt.map { progress.last!.offset < $0 } == true, "the last progress came after Completed")
        if let index = completedAt {
            let summary = messages[index].data["drive"] as? [String: Any]
            #expect(summary?["previewStatus"] as? String == "DataCopyCompleted", "\(messages[index].data)")
            #expect(summary?["percentComplete"] as? Int == 100)
        }
        #expect(progress.allSatisfy { $0.element.id == nil }, "progress carries a resumable id")

        // No gap, no duplicate: B = A after the resume point; A = the store's full replay.
        let idsA = streamA.lifecycleIDs
        #expect(idsA == idsA.sorted() && Set(idsA).count == idsA.count, "A out of order or duplicated: \(idsA)")
        #expect(streamB.lifecycleIDs == idsA.filter { $0 > resumePoint }, "B \(streamB.lifecycleIDs) vs A \(idsA) after \(resumePoint)")
        #expect(streamB.messages.first?.event != "snapshot", "a resumed stream starts with a snapshot")
        let replay = try EventCapture(socket: harness.socket, lastEventID: 0, into: harness.scratch.file("c.sse"), maxSeconds: 5)
        _ = replay.command.wait(timeout: 10)
        #expect(replay.lifecycleIDs == idsA, "replay \(replay.lifecycleIDs) vs live \(idsA)")
        let filtered = try EventCapture(socket: harness.socket, path: "/iedrive/v1/events?after=0&job=other-job",
                                        into: harness.scratch.file("d.sse"), maxSeconds: 2)
        _ = filtered.command.wait(timeout: 10)
        #expect(filtered.lifecycleIDs.isEmpty, "?job= let other jobs through: \(filtered.text)")

        // iedrive watch ended by itself once the drive was processed, printing JSON lines.
        let watched = watch.wait(timeout: 20)
        #expect(watched?.status == 0, "watch: \(String(describing: watched))")
        let lines = (watched?.stdout ?? "").split(separator: "\n")
        #expect(lines.first?.contains("\"event\":\"snapshot\"") == true, "\(lines.prefix(2))")
        #expect(lines.contains { $0.contains("\"event\":\"progress\"") }, "watch printed no progress")
        #expect(lines.contains { $0.contains("\"to\":\"Completed\"") }, "watch missed the completion")

        // Metrics: the completed drive, its bytes, the copy counter, request latencies.
        let scrape = try CommandRunner.check(["curl", "-s", "--unix-socket", harness.socket, "http://localhost/metrics"])
        let samples = MetricsText.samples(scrape)
        #expect(samples["iedrive_drives{state=\"Completed\"}"] == 1, "\(scrape)")
        #expect(samples["iedrive_drives{state=\"Transferring\"}"] == 0)
        #expect(samples["iedrive_drive_complete_percent{job=\"pub-job\",drive=\"PUBA1\"}"] == 100, "\(scrape)")
        #expect(samples["iedrive_drive_copied_bytes{job=\"pub-job\",drive=\"PUBA1\"}"] == Double(total))
        #expect(samples["iedrive_copied_bytes_total"] == Double(total), "\(scrape)")
        #expect(samples.keys.contains { $0.hasPrefix("http_server_request_duration_bucket{") && $0.contains("http_route=\"/iedrive/v1/jobs/{jobName}\"") },
                "no request latency histogram for GET job:\n\(scrape)")
        #expect(samples["iedrive_drive_failures_total{failure_state=\"ManifestFileError\"}"] == 0)

        for text in [streamA.text, streamB.text, replay.text, watched?.stdout ?? "", scrape] {
            #expect(!text.contains(drive.key), "a recovery key was published")
        }
    }
}

/// The Prometheus text format, parsed: `name{labels}` → value, comments skipped; every other
/// line must parse.
enum MetricsText {
    static func samples(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                Issue.record("not a sample line: \(line)", sourceLocation: sourceLocation)
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
