import Glibc
@testable import IEDriveSystem
import Testing

/// The funnel itself, driven by scripted attempts: what it retries, what it throws.
@Suite struct FunnelTests {
    /// Attempts that fail with the given errnos in turn, then succeed with 7.
    final class Script {
        var failures: [Errno]
        var attempts = 0
        init(_ failures: [Errno]) { self.failures = failures }

        func attempt() -> SystemCall.Attempt<Int> {
            attempts += 1
            return failures.isEmpty ? .done(7) : .failed(failures.removeFirst())
        }
    }

    @Test func retriesInterruptedCallsUntilTheyFinish() throws {
        let script = Script([.interrupted, .interrupted, .interrupted])
        let result = try SystemCall.funnel("read", "a pipe", retryOnInterrupt: true) { script.attempt() }
        #expect(result == 7)
        #expect(script.attempts == 4)
    }

    @Test(arguments: [Errno.resourceTemporarilyUnavailable, .ioError, .noSpace, .timedOut, .badFileDescriptor])
    func retriesNothingElse(_ errno: Errno) {
        let script = Script([errno])
        let error = #expect(throws: SystemCallError.self) {
            try SystemCall.funnel("read", "a pipe", retryOnInterrupt: true) { script.attempt() }
        }
        #expect(error?.errno == errno)
        #expect(script.attempts == 1)
    }

    @Test func anInterruptionIsAnErrorWhereTheCallIsNotRetried() {
        let script = Script([.interrupted])
        let error = #expect(throws: SystemCallError.self) {
            try SystemCall.funnel("close", "descriptor 9", retryOnInterrupt: false) { script.attempt() }
        }
        #expect(error == SystemCallError(call: "close", subject: "descriptor 9", errno: .interrupted))
        #expect(script.attempts == 1)
    }

    @Test func theSubjectIsBuiltOnlyForAFailure() throws {
        var built = 0
        func subject() -> String {
            built += 1
            return "x"
        }
        _ = try SystemCall.funnel("fstat", subject(), retryOnInterrupt: true) { SystemCall.Attempt<Int>.done(0) }
        #expect(built == 0)
        _ = try? SystemCall.funnel("fstat", subject(), retryOnInterrupt: true) { SystemCall.Attempt<Int>.failed(.badFileDescriptor) }
        #expect(built == 1)
    }

    @Test func minusOneReadsErrnoAndOtherResultsPassThrough() {
        Glibc.errno = Errno.noSuchFileOrDirectory.rawValue
        guard case .failed(let errno) = SystemCall.checked(Int32(-1)) else {
            Issue.record("-1 is a failure")
            return
        }
        #expect(errno == .noSuchFileOrDirectory)
        guard case .done(let value) = SystemCall.checked(Int(12)) else {
            Issue.record("12 is a result")
            return
        }
        #expect(value == 12)
        guard case .failed(let returned) = SystemCall.returned(Errno.noSuchProcess.rawValue) else {
            Issue.record("a returned errno is a failure")
            return
        }
        #expect(returned == .noSuchProcess)
    }
}
