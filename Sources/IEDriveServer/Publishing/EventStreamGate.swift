import Synchronization

/// How many event-stream clients a listener serves at once (`api.max_event_streams`): each
/// holds a connection and a subscription buffer for as long as it stays, so past the cap a
/// new one gets a quick 503 instead of a stream.
final class EventStreamGate: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { open.load(ordering: .relaxed) }

    /// Takes a place; false when full.
    func enter() -> Bool {
        while true {
            let current = open.load(ordering: .relaxed)
            guard current < limit else { return false }
            if open.compareExchange(expected: current, desired: current + 1, ordering: .relaxed).exchanged { return true }
        }
    }

    func leave() {
        open.subtract(1, ordering: .relaxed)
    }
}
