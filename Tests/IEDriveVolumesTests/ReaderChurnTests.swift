import Foundation
import IEDriveCore
import IEDriveTestSupport
import IEDriveVolumes
import Testing

/// A daemon runs many drives in one process for weeks: reader connections come and go by the
/// hundred, closed cleanly, killed mid-read, or dropped without a close. The process must
/// survive every teardown (the pipes once went through libdispatch's epoll sources, whose
/// teardown crashed its manager thread about once in 100 short imports), and each
/// connection's pipe threads must end, so their descriptors are closed.
@Suite(.requiresRoot) struct ReaderChurnTests {
    enum Ending: CaseIterable { case closed, killedMidRead, dropped }

    /// The threads of this process serving reader `pid`'s pipes ("request PID", "replies PID",
    /// "log PID").
    static func pipeThreads(of pid: Int32) -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            let name = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return name.flatMap { $0.hasSuffix(" \(pid)") ? $0 : nil }
        }
    }

    /// One reader's life: launch, open the volume, list and read, then the given ending.
    /// Returns the reader's pid.
    static func live(_ ending: Ending, drive: String, file: VolumeEntry?) async throws -> Int32 {
        let configuration = ReaderConfiguration(executable: ReaderClientTests.readerBinary, timeout: .seconds(30))
        let client = try await ReaderClient.launch(devicePath: drive, configuration: configuration)
        let pid = client.pid
        _ = try await client.open(VolumeOpening(encryption: .none))
        // The three pipe threads run (the log thread names itself when first scheduled).
        let expected: Set = ["request \(pid)", "replies \(pid)", "log \(pid)"]
        let named = Date().addingTimeInterval(5)
        while Set(pipeThreads(of: pid)) != expected, Date() < named { try await Task.sleep(for: .milliseconds(10)) }
        #expect(Set(pipeThreads(of: pid)) == expected)
        _ = try await client.list("/")
        switch ending {
        case .closed:
            if let file {
                var bytes = 0
                _ = try await client.read(ReadRange(path: file.path, offset: 0, length: file.size)) { bytes += $0.count }
                #expect(UInt64(bytes) == file.size)
            }
            let exit = await client.close()
            #expect(exit.status == 0, "reader \(pid) exit status \(exit.status)")
        case .killedMidRead:
            if let file {
                let id = client.send(.read(ReadRange(path: file.path, offset: 0, length: file.size)))
                client.kill()
                // Whatever arrived before the kill, the answer ends in the connection's failure.
                do {
                    while case .data = try await client.nextData(for: id) {}
                } catch let failure as ReaderFailure {
                    #expect(failure.kind == .readerCrashed, "\(failure)")
                }
            } else {
                client.kill()
            }
            _ = await client.close()
        case .dropped:
            _ = client.send(.stat(path: "/"))   // an answer nobody takes
        }
        return pid
    }

    @Test("90 reader connections, 3 at a time, closed, killed mid-read or dropped: the process survives, every pipe thread ends")
    func connectionsComeAndGo() async throws {
        let drive = try TestDrives.drive("plain-ntfs")
        // The largest file of the drive, to have replies in flight when a reader is killed.
        let probe = try await ReaderClient.launch(devicePath: drive.path,
                                                  configuration: ReaderConfiguration(executable: ReaderClientTests.readerBinary))
        _ = try await probe.open(VolumeOpening(encryption: .none))
        var largest: VolumeEntry?
        try await probe.walk("/") { batch in
            for entry in batch where entry.kind == .file && entry.size > (largest?.size ?? 0) { largest = entry }
        }
        _ = await probe.close()
        let file = largest

        let endings = (0..<90).map { Ending.allCases[$0 % Ending.allCases.count] }
        var pids: [Int32] = []
        for start in stride(from: 0, to: endings.count, by: 3) {
            try await withThrowingTaskGroup(of: Int32.self) { group in
                for ending in endings[start..<min(start + 3, endings.count)] {
                    group.addTask { try await Self.live(ending, drive: drive.path, file: file) }
                }
                for try await pid in group { pids.append(pid) }
            }
        }
        #expect(pids.count == 90)

        // Each pipe thread closes its descriptor and ends once its reader is gone.
        let deadline = Date().addingTimeInterval(15)
        var left = pids.flatMap(Self.pipeThreads(of:))
        while !left.isEmpty, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            left = pids.flatMap(Self.pipeThreads(of:))
        }
        #expect(left.isEmpty, "pipe threads still running: \(left)")
    }
}
