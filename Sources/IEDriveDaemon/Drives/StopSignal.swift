import IEDriveVolumes
import Synchronization

/// Lets the supervisor stop a running pipeline: marks it stopping and kills its reader, so the
/// copy ends at once and resumes later from its journal.
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
