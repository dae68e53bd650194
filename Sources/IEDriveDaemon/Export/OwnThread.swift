import Foundation

/// Blocking work of an export drive (listing and reading the account, the writer's requests)
/// on a thread of its own, never on the cooperative pool: a drive takes minutes, the pool has
/// a thread per core, and the writer process must be started from a thread that outlives it
/// (its parent-death signal follows the thread that spawned it).
enum OwnThread {
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
