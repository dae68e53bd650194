import IEDriveCore
import Synchronization

/// Collects a device monitor's events in the background, so a test can wait for the ones
/// it expects (with a deadline) and then look at everything that arrived.
final class EventRecorder: Sendable {
    private final class Storage: Sendable {
        let received = Mutex<[DeviceEvent]>([])
        let ended = Mutex(false)
    }
    private let storage = Storage()

    init(_ stream: AsyncStream<DeviceEvent>) {
        let storage = self.storage
        Task {
            for await event in stream { storage.received.withLock { $0.append(event) } }
            storage.ended.withLock { $0 = true }
        }
    }

    var events: [DeviceEvent] { storage.received.withLock { $0 } }
    var isFinished: Bool { storage.ended.withLock { $0 } }

    /// Polls every 20 ms until `condition` holds for the events so far; false after `timeout`.
    func wait(timeout: Duration = .seconds(15), until condition: ([DeviceEvent]) -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if condition(events) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(events)
    }

    func presents(at path: String) -> [DeviceSnapshot] {
        events.compactMap { if case .present(let snapshot) = $0, snapshot.devicePath == path { snapshot } else { nil } }
    }

    func gones(of key: MediumKey) -> [DeviceEvent] {
        events.filter { if case .gone(key, _) = $0 { true } else { false } }
    }
}
