extension JobLifecycle {
    /// The carrier delivered the job's package with the drives `driveIds` (states.md J7, §6
    /// "Receiving lag", §7). Receiving finishes when the receipt lag has run (`advance`): then
    /// the listed drives found are `Received` (D2), the others `NeverReceived` (D3); export drives
    /// join `driveList` as `Received` (D6).
    ///
    /// Import: IDs the job does not list are extra drives (§7 rule 1) — the caller routes IDs of
    /// other jobs' `NeverReceived` drives to `recoverDrive` on those jobs first (§7 rule 2).
    /// The package ends the in-transit wait: the in-transit and customer-response timers stop.
    /// Only in `Shipping` (drives for a job still `Creating` are held, §7 rule 3), once per job.
    public func packageDelivered(_ job: Job, driveIds: [String], at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard job.state == .shipping else {
            let state = job.state.classic(canceledAs: configuration.canceledJobSpelling)
            let rule = job.state == .creating
                ? " Drives that arrive before the job is 'Shipping' are held, not processed."
                : ""
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)'; a package is received only for a job in state 'Shipping'.\(rule)")
        }
        guard job.packageArrival == nil else {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' already had its package delivered; the drives of one job travel in one package.")
        }
        for (index, id) in driveIds.enumerated() {
            if let problem = DriveIdentifier.problem(id) {
                throw LifecycleRefusal(.invalidParameter, problem, target: "driveIds[\(index)]")
            }
        }
        guard Set(driveIds).count == driveIds.count else {
            throw LifecycleRefusal(.invalidParameter, "The package lists a drive twice.", target: "driveIds")
        }
        var editor = editor(job)
        var own: [String] = []
        switch job.type {
        case .import:
            for id in driveIds {
                if job.driveIndex(id) != nil {
                    own.append(id)
                } else {
                    editor.job.extraDrives.append(ExtraDrive(driveId: id, arrivedAt: now))
                    editor.record(.extraDriveArrived(driveId: id), at: now)
                }
            }
        case .export:
            guard driveIds.count <= configuration.maxDrivesPerJob else {
                throw LifecycleRefusal(.invalidParameter,
                                       "An export job can contain at most \(configuration.maxDrivesPerJob) drives; the package has \(driveIds.count).",
                                       target: "driveIds")
            }
            own = driveIds
        }
        editor.job.packageArrival = PackageArrival(deliveredAt: now, driveIds: own)
        editor.job.timers.stop(.inTransit, .customerResponse)
        editor.job.timers.start(.receipt, at: now, deadline: configuration.receiptLag.receiptInstant(deliveredAt: now))
        editor.record(.packageDelivered(driveIds: driveIds), at: now)
        return editor.step
    }

    /// A `NeverReceived` drive of this job turned up (D5, §3.2, §7 rule 2): operations move it to
    /// `Received` and it is processed. If the job is `Packaging`, it goes back to
    /// `Transferring`. If the job's drives have already gone back (a drive `ShippedBack`, or the
    /// job finished), the drive is an extra drive instead, to be returned on its own
    /// (`returnExtraDrive`); it stays `NeverReceived` in `driveList`.
    public func recoverDrive(_ job: Job, driveId: String, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let index = try driveIndex(job, driveId)
        guard job.drives[index].state == .neverReceived else {
            throw LifecycleRefusal(.invalidDriveState,
                                   "Drive '\(driveId)' is '\(job.drives[index].state.classic)', not 'NeverReceived'.",
                                   target: "driveId")
        }
        var editor = editor(job)
        let shippedBack = job.state.isTerminal || job.drives.contains { $0.state == .shippedBack }
        if shippedBack {
            editor.job.extraDrives.append(ExtraDrive(driveId: driveId, arrivedAt: now))
            editor.record(.extraDriveArrived(driveId: driveId), at: now)
            return editor.step
        }
        editor.checkIn(index, at: now)
        if editor.job.state == .packaging { editor.setState(.transferring, at: now) }
        editor.deriveState(at: now)
        return editor.step
    }

    /// Receiving finished (the receipt timer): J7's drive side.
    func finishReceiving(_ editor: inout JobEditor, at instant: Instant) {
        guard editor.job.state == .shipping, var arrival = editor.job.packageArrival,
              arrival.receivingFinishedAt == nil else { return }
        arrival.receivingFinishedAt = instant
        editor.job.packageArrival = arrival
        switch editor.job.type {
        case .import:
            for index in editor.job.drives.indices {
                let found = arrival.driveIds.contains(editor.job.drives[index].driveId)
                switch editor.job.drives[index].state {
                case .specified where found, .neverReceived where found: editor.checkIn(index, at: instant)
                case .specified: editor.markNeverReceived(index, cause: .missingFromPackage, at: instant)
                default: break
                }
            }
        case .export:
            for id in arrival.driveIds where editor.job.driveIndex(id) == nil {
                var drive = Drive(driveId: id, state: .received)
                drive.timestamps.receivedAt = instant
                editor.job.drives.append(drive)
                editor.record(.driveAdded(driveId: id), at: instant)
            }
        }
        // Not in the spec; ours: a package with none of the job's drives is handled like a
        // missing package — operations are told and the 30-day customer wait starts (J8, J9).
        if !editor.job.drives.contains(where: { $0.state == .received }) {
            editor.record(.operationsNotified(.packageWithoutJobDrives), at: instant)
            editor.job.timers.start(.customerResponse, at: instant, for: configuration.customerResponse)
        }
    }

    func driveIndex(_ job: Job, _ driveId: String) throws(LifecycleRefusal) -> Int {
        guard let index = job.driveIndex(driveId) else {
            throw LifecycleRefusal(.driveNotFound, "Job '\(job.name)' has no drive '\(driveId)'.", target: "driveId")
        }
        return index
    }
}
