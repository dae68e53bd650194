import IEDriveSystem

/// An open file descriptor owned by exactly one value: closed when the value goes away, or
/// handed over with `take()` (to a caller who then owns it).
struct Descriptor: ~Copyable {
    let raw: Int32

    init(_ raw: Int32) {
        self.raw = raw
    }

    consuming func take() -> Int32 {
        let raw = raw
        discard self
        return raw
    }

    deinit {
        SystemCall.close(raw)
    }
}
