import IEDriveCopy
import IEDriveVolumes
import Synchronization

/// Lets the supervisor stop a running pipeline: marks it stopping, which the copy engine asks
/// before each piece (a mapped copy reads the drive itself), and kills its reader, so a copy
/// through the reader ends at once too. Either resumes later from its journal.
public final class StopSignal: Sendable {
    private struct State {
        var reader: ReaderClient?
        var stopping = false
    }
    private let state = Mutex(State())

    public init() {}

    public var isStopping: Bool { state.withLock { $0.stopping } }

    func attach(_ reader: ReaderClient) {
        let stopNow = state.withLock { state -> Bool in
            state.reader = reader
            return state.stopping
        }
        if stopNow { reader.kill() }
    }

    func detach() { state.withLock { $0.reader = nil } }

    public func stop() {
        let reader = state.withLock { state -> ReaderClient? in
            state.stopping = true
            return state.reader
        }
        reader?.kill()
    }
}

extension CopyOptions {
    /// These options, the copy stopping at its next piece once `signal` is stopped.
    func stopping(when signal: StopSignal) -> CopyOptions {
        var options = self
        options.stopRequested = { signal.isStopping }
        return options
    }
}
