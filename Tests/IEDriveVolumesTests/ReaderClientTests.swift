import Foundation
import IEDriveCore
import IEDriveTestSupport
import IEDriveVolumes
import Synchronization
import Testing

/// The parent's side of the process boundary: a reader that dies, hangs, lies or logs a key
/// costs one drive and is reported with the spec's state; the real reader serves a drive
/// through an inherited read-only descriptor as an unprivileged user.
@Suite struct ReaderClientTests {
    static var readerBinary: String {
        (TestEnvironment.iedriveBinary as NSString).deletingLastPathComponent + "/iedrive-reader"
    }

    func configuration(_ executable: String, timeout: Duration = .seconds(30),
                       log: @escaping @Sendable (String) -> Void = { _ in }) -> ReaderConfiguration {
        ReaderConfiguration(executable: executable, timeout: timeout, log: log)
    }

    func scratchDevice(_ directory: TemporaryDirectory) throws -> String {
        let path = directory.file("device.img")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 4096)))
        return path
    }

    @Test func readerThatExitsAtOnceIsReportedAsCrashed() async throws {
        let scratch = try TestEnvironment.temporaryDirectory("reader-exit")
        defer { scratch.cleanup() }
        let fake = try FakeReader.make(in: scratch, named: "exit.py", "sys.stderr.write('giving up\\n'); sys.exit(3)")
        let error = try await #require(throws: ReaderFailure.self) {
            _ = try await ReaderClient.launch(devicePath: try scratchDevice(scratch), configuration: configuration(fake.path))
        }
        #expect(error.kind == .readerCrashed)
        #expect(error.message.contains("exited with status 3"))
        #expect(error.message.contains("giving up"))
        #expect(error.driveFailureState == .diskCorrupted)
    }

    @Test func readerKilledBySignalNamesTheSignal() async throws {
        let scratch = try TestEnvironment.temporaryDirectory("reader-signal")
        defer { scratch.cleanup() }
        let fake = try FakeReader.make(in: scratch, named: "segv.py", """
            ready()
            read_request()
            os.kill(os.getpid(), 11)
            """)
        let client = try await ReaderClient.launch(devicePath: try scratchDevice(scratch), configuration: configuration(fake.path))
        let error = try await #require(throws: ReaderFailure.self) { _ = try await client.stat("/x") }
        #expect(error.kind == .readerCrashed)
        #expect(error.message.contains("signal 11"))
        #expect(WTERMSIG(await client.close().status) == 11)
    }

    @Test func garbageIsAProtocolViolation() async throws {
        let scratch = try TestEnvironment.temporaryDirectory("reader-garbage")
        defer { scratch.cleanup() }
        let fake = try FakeReader.make(in: scratch, named: "garbage.py", """
            ready()
            read_request()
            os.write(5, b"\\xff" * 64)
            time.sleep(30)
            """)
        let client = try await ReaderClient.launch(devicePath: try scratchDevice(scratch), configuration: configuration(fake.path))
        let clock = ContinuousClock()
        let started = clock.now
        let error = try await #require(throws: ReaderFailure.self) { _ = try await client.list("/") }
        #expect(error.kind == .readerCrashed)
        #expect(error.message.contains("broke the protocol"))
        let exit = await client.close()
        #expect(exit.status != 0, "the lying reader was killed")
        // Found from the bytes, not by waiting for the 30 s watchdog or the fake's 30 s sleep. The
        // bound is loose: under the full suite's load this took 13.4 s once.
        #expect(clock.now - started < .seconds(25))
    }

    @Test func silentReaderTimesOutAsHardwareError() async throws {
        let scratch = try TestEnvironment.temporaryDirectory("reader-hang")
        defer { scratch.cleanup() }
        let fake = try FakeReader.make(in: scratch, named: "hang.py", """
            ready()
            read_request()
            time.sleep(600)
            """)
        let client = try await ReaderClient.launch(devicePath: try scratchDevice(scratch),
                                                   configuration: configuration(fake.path, timeout: .seconds(1)))
        let clock = ContinuousClock()
        let started = clock.now
        let error = try await #require(throws: ReaderFailure.self) {
            _ = try await client.read(ReadRange(path: "/big", length: 1 << 20)) { _ in }
        }
        let waited = clock.now - started
        #expect(error.kind == .readerTimedOut)
        #expect(error.driveFailureState == .hardwareError)
        // Not before the timeout; well before the reader's 600 s sleep would end. (The upper bound
        // is loose: under the full suite the two cores are busy and the task resumes late — 5.2 s
        // once, over 30 s once the export tests joined the root tier.)
        #expect(waited >= .seconds(1) && waited < .seconds(300), "\(waited)")
        #expect(WTERMSIG(await client.close().status) == 9)
    }

    @Test func answersToTheWrongRequestAreRefused() async throws {
        let scratch = try TestEnvironment.temporaryDirectory("reader-wrong-id")
        defer { scratch.cleanup() }
        // An `end` frame for request 7 when request 1 is due.
        let fake = try FakeReader.make(in: scratch, named: "wrong.py", """
            ready()
            read_request()
            os.write(5, frame(0x86, 7, struct.pack("<QQ", 0, 0)))
            time.sleep(30)
            """)
        let client = try await ReaderClient.launch(devicePath: try scratchDevice(scratch), configuration: configuration(fake.path))
        let error = try await #require(throws: ReaderFailure.self) { _ = try await client.list("/") }
        #expect(error.kind == .readerCrashed)
        #expect(error.message.contains("answered request 7"))
        _ = await client.close()
    }

    @Test func keysInTheReadersLogAreRedacted() async throws {
        let scratch = try TestEnvironment.temporaryDirectory("reader-log")
        defer { scratch.cleanup() }
        let fake = try FakeReader.make(in: scratch, named: "log.py", """
            sys.stderr.write("key 235818-357951-253979-013365-241120-245575-342914-591910 in a log\\n")
            sys.stderr.write("also 235818357951253979013365241120245575342914591910\\n")
            sys.stderr.flush()
            ready()
            while read_request(): pass
            """)
        let lines = Mutex<[String]>([])
        let client = try await ReaderClient.launch(devicePath: try scratchDevice(scratch),
                                                   configuration: configuration(fake.path) { line in lines.withLock { $0.append(line) } })
        _ = await client.close()
        let logged = lines.withLock { $0 }.joined(separator: "\n")
        #expect(logged.contains("key [redacted recovery password] in a log"), "\(logged)")
        #expect(logged.contains("also [redacted recovery password]"))
        #expect(!logged.contains("235818"))
    }

    @Test func missingDeviceAndMissingReaderAreHostErrors() async throws {
        let scratch = try TestEnvironment.temporaryDirectory("reader-launch")
        defer { scratch.cleanup() }
        let noDevice = try await #require(throws: ReaderLaunchError.self) {
            _ = try await ReaderClient.launch(devicePath: scratch.file("absent"), configuration: configuration(Self.readerBinary))
        }
        #expect(noDevice.reason == .deviceOpen(errno: ENOENT))
        let noReader = try await #require(throws: ReaderLaunchError.self) {
            _ = try await ReaderClient.launch(devicePath: try scratchDevice(scratch), configuration: configuration(scratch.file("nope")))
        }
        #expect(noReader.reason == .executableMissing)
    }

    /// The real reader, as root: it drops to an unprivileged user, yet reads the drive through
    /// the descriptor it inherited; the image is unchanged afterwards.
    @Test("the real reader serves a plain NTFS drive unprivileged", .requiresRoot)
    func realReaderServesPlainNTFS() async throws {
        let drive = try TestDrives.drive("plain-ntfs")
        let before = try sha256(of: drive.path)
        let client = try await ReaderClient.launch(devicePath: drive.path, configuration: configuration(Self.readerBinary))
        #expect(client.ready.uid != 0, "the reader dropped root")
        #expect(client.ready.pid == client.pid)
        let volume = try await client.open(VolumeOpening(encryption: .none))
        #expect(volume.encrypted == false)
        #expect(volume.volumeSize > 0)
        let root = try await client.list("/")
        #expect(!root.contains { $0.name.hasPrefix("$") }, "system files are hidden")
        let missing = try await #require(throws: ReaderFailure.self) { _ = try await client.stat("/no/such/file") }
        #expect(missing.kind == .notFound)
        #expect(!missing.isFatal)
        // Still serving after a per-file failure.
        _ = try await client.list("/")
        let exit = await client.close()
        #expect(exit.status == 0)
        #expect(exit.peakResidentBytes > 0)
        #expect(try sha256(of: drive.path) == before)
    }

    @Test("a killed reader fails the request in flight", .requiresRoot)
    func killedReaderFailsTheRequest() async throws {
        let drive = try TestDrives.drive("plain-ntfs")
        let client = try await ReaderClient.launch(devicePath: drive.path, configuration: configuration(Self.readerBinary))
        _ = try await client.open(VolumeOpening(encryption: .none))
        client.kill()
        let error = try await #require(throws: ReaderFailure.self) { _ = try await client.list("/") }
        #expect(error.kind == .readerCrashed)
        #expect(error.message.contains("signal 9"))
        _ = await client.close()
    }
}

func WTERMSIG(_ status: Int32) -> Int32 { status & 0x7f }
