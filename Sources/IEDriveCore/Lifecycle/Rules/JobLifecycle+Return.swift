extension JobLifecycle {
    /// Operations hand the drives to the return carrier (D11, D12): every drive that arrived
    /// goes `ShippedBack` together — copied ones, and after a legacy cancel the ones that never
    /// started — with the package's extra drives; `returnPackage` is made (drive count, ship
    /// date in the API's `M/d/yyyy h:mm:ss tt` style). The job then finishes (J13/J14, or
    /// `Canceled` after a cancel request): 90-day retention, and the return-transit delay for
    /// the Preview "Completed" label. Only from `Packaging`, with no open return-address problem.
    public func shipBack(_ job: Job, _ shipment: ReturnShipment, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard job.state == .packaging else {
            let state = job.state.classic(canceledAs: configuration.canceledJobSpelling)
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)'; drives are shipped back from state 'Packaging'.")
        }
        guard job.returnAddressProblemSince == nil else {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' has an unresolved return-address problem; resolve it before shipping the drives back.",
                                   target: "properties.returnAddress")
        }
        guard let carrier = shipment.carrierName ?? job.returnShipping?.carrierName, !carrier.isEmpty else {
            throw LifecycleRefusal(.invalidParameter,
                                   "No return carrier: the job has no 'returnShipping' and the shipment names none.",
                                   target: "properties.returnShipping")
        }
        guard !shipment.trackingNumber.isEmpty else {
            throw LifecycleRefusal(.invalidParameter, "The return shipment needs a tracking number.",
                                   target: "trackingNumber")
        }
        var editor = editor(job)
        var count: Int64 = 0
        for index in editor.job.drives.indices where editor.job.drives[index].state != .neverReceived {
            editor.setDriveState(index, .shippedBack, at: now)
            editor.job.drives[index].timestamps.shippedBackAt = now
            count += 1
        }
        for index in editor.job.extraDrives.indices where editor.job.extraDrives[index].returnedAt == nil {
            editor.job.extraDrives[index].returnedAt = now
            editor.record(.extraDriveReturned(driveId: editor.job.extraDrives[index].driveId), at: now)
            count += 1
        }
        editor.job.returnPackage = PackageInformation(carrierName: carrier, trackingNumber: shipment.trackingNumber,
                                                      driveCount: count, shipDate: CivilTime(now).usShipDate)
        editor.job.timestamps.returnShippedAt = now
        editor.deriveState(at: now)
        return editor.step
    }

    /// An extra drive that arrived after the job's drives went back (§7 rule 2) is returned on
    /// its own.
    public func returnExtraDrive(_ job: Job, driveId: String, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard let index = job.extraDrives.firstIndex(where: { $0.driveId == driveId && $0.returnedAt == nil }) else {
            throw LifecycleRefusal(.driveNotFound, "Job '\(job.name)' holds no unreturned extra drive '\(driveId)'.",
                                   target: "driveId")
        }
        var editor = editor(job)
        editor.job.extraDrives[index].returnedAt = now
        editor.record(.extraDriveReturned(driveId: driveId), at: now)
        return editor.step
    }
}
