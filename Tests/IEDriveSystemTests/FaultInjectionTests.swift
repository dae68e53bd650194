import IEDriveSystem
import IEDriveTestSupport
import Testing

/// SystemCallFaults through the real wrappers: a named call fails with the errno asked for,
/// goes through the funnel like a real failure, and only in the task that asked.
@Suite struct FaultInjectionTests {
    /// A pipe with `bytes` written into it; both ends closed by `body`'s end.
    func withPipe(holding bytes: [UInt8], _ body: (Int32) throws -> Void) throws {
        let pipe = try SystemCall.pipe()
        defer { SystemCall.close(pipe.read); SystemCall.close(pipe.write) }
        try SystemCall.writeAll(pipe.write, bytes, subject: "the test pipe")
        try body(pipe.read)
    }

    func read(_ fd: Int32) throws(SystemCallError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = try buffer.withUnsafeMutableBytes { buffer in
            Result { () throws(SystemCallError) in try SystemCall.read(fd, into: buffer, subject: "the test pipe") }
        }.get()
        return Array(buffer[..<count])
    }

    @Test func anInjectedInterruptionIsRetriedByACallThatRetries() throws {
        try withPipe(holding: [1, 2, 3]) { fd throws in
            let faults = SystemCallFaults(failing: "read", with: .interrupted, times: 3)
            let bytes = try SystemCallFaults.$current.withValue(faults) { try read(fd) }
            #expect(bytes == [1, 2, 3])
            #expect(faults.injected == Array(repeating: "read the test pipe", count: 3))
        }
    }

    @Test func anyOtherInjectedErrnoReachesTheCallerAtOnce() throws {
        try withPipe(holding: [1, 2, 3]) { fd throws in
            let faults = SystemCallFaults(failing: "read", with: .resourceTemporarilyUnavailable, times: 1)
            try SystemCallFaults.$current.withValue(faults) {
                do {
                    _ = try read(fd)
                    Issue.record("the injected EAGAIN was swallowed")
                } catch let error as SystemCallError where error.errno == .resourceTemporarilyUnavailable {
                    #expect(error.call == "read" && error.subject == "the test pipe")
                }
                // Not retried: the bytes are still in the pipe for the next call.
                #expect(try read(fd) == [1, 2, 3])
            }
            #expect(faults.injected.count == 1)
        }
    }

    @Test func anInterruptionReachesTheCallerWhereTheCallIsNotRetried() throws {
        try withPipe(holding: [1]) { fd throws in
            let faults = SystemCallFaults(failing: "poll", with: .interrupted)
            let error = SystemCallFaults.$current.withValue(faults) {
                #expect(throws: SystemCallError.self) {
                    try SystemCall.poll(fd, for: .readable, timeoutMilliseconds: 0, subject: "the test pipe", retryOnInterrupt: false)
                }
            }
            #expect(error?.errno == .interrupted)
            #expect(try SystemCall.poll(fd, for: .readable, timeoutMilliseconds: 0, subject: "the test pipe").contains(.readable))
        }
    }

    @Test func aRuleCanNameTheSubjectAndSkipTheFirstCalls() throws {
        let directory = try TestEnvironment.temporaryDirectory("faults")
        defer { directory.cleanup() }
        let faults = SystemCallFaults([
            SystemCallFaults.Rule(call: "openat", errno: .ioError, subject: "second", after: 1, times: 1),
        ])
        try SystemCallFaults.$current.withValue(faults) {
            let root = try SystemCall.open(directory.path, [.readOnly, .directory])
            defer { SystemCall.close(root) }
            for name in ["first", "second"] {
                SystemCall.close(try SystemCall.openat(root, name, [.writeOnly, .create], permissions: 0o600))
            }
            // "second" matched once (skipped), fails now, then the rule is spent.
            let error = #expect(throws: SystemCallError.self) { try SystemCall.openat(root, "second", .readOnly) }
            #expect(error == SystemCallError(call: "openat", subject: "second", errno: .ioError))
            SystemCall.close(try SystemCall.openat(root, "second", .readOnly))
            SystemCall.close(try SystemCall.openat(root, "first", .readOnly))
        }
        #expect(faults.injected == ["openat second"])
    }

    @Test func faultsStayInTheTaskThatInjectedThem() async throws {
        let directory = try TestEnvironment.temporaryDirectory("faults-task")
        defer { directory.cleanup() }
        let path = directory.path
        let faults = SystemCallFaults(failing: "fstatat", with: .ioError)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            // One child fails every fstatat; its sibling, running meanwhile, sees none.
            group.addTask {
                SystemCallFaults.$current.withValue(faults) {
                    (try? SystemCall.fstatat(SystemCall.currentDirectory, path)) == nil
                }
            }
            group.addTask {
                (0..<100).allSatisfy { _ in (try? SystemCall.fstatat(SystemCall.currentDirectory, path)) != nil }
            }
            for try await succeededAsExpected in group {
                #expect(succeededAsExpected)
            }
        }
        #expect(faults.injected == ["fstatat \(path)"])
        #expect(SystemCallFaults.current == nil)
        #expect(try SystemCall.fstatat(SystemCall.currentDirectory, path).kind == .directory)
    }
}
