import Dispatch

/// The part uploads of one target in flight: a lane that completes a part hands it over and
/// goes back to reading; it waits only while `limit` uploads are under way, so the parts held
/// in memory stay bounded however fast the drive reads.
final class S3PartUploads: Sendable {
    let limit: Int
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "iedrive.s3.parts", attributes: .concurrent)

    init(limit: Int) {
        self.limit = max(1, limit)
        slots = DispatchSemaphore(value: self.limit)
    }

    /// Runs `upload` on the upload queue once a slot is free (the caller waits for the slot,
    /// not for the upload); `group` is entered until it has run.
    func submit(in group: DispatchGroup, _ upload: @escaping @Sendable () -> Void) {
        group.enter()
        slots.wait()
        queue.async { [slots] in
            upload()
            slots.signal()
            group.leave()
        }
    }
}
