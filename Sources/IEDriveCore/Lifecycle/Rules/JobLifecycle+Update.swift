extension JobLifecycle {
    /// PATCH (rest-api.md §3.2, states.md J2, J3, J6, J17, §12). All or nothing: values are
    /// checked first (400), then each property's window in the job's state (409
    /// `InvalidJobState`), then `Shipping`'s prerequisites after merging (400). An accepted
    /// PATCH while `Creating` restarts the 14-day timer (J2).
    public func update(_ job: Job, _ patch: JobPatch, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        let wantsShipping = try shippingRequested(patch)
        let wantsCancel = patch.cancelRequested == true
        try checkValues(patch, of: job, wantsShipping: wantsShipping, wantsCancel: wantsCancel)
        try checkWindows(patch, of: job, wantsShipping: wantsShipping, wantsCancel: wantsCancel)
        if wantsShipping {
            guard patch.returnAddress ?? job.returnAddress != nil else {
                throw LifecycleRefusal(.invalidParameter,
                                       "A job needs a return address before it can be 'Shipping'; send 'returnAddress' in this or an earlier request.",
                                       target: "properties.returnAddress")
            }
            guard patch.deliveryPackage ?? job.deliveryPackage != nil else {
                throw LifecycleRefusal(.invalidParameter,
                                       "A job needs its delivery package (carrier and tracking number) before it can be 'Shipping'; send 'deliveryPackage'.",
                                       target: "properties.deliveryPackage")
            }
        }

        var editor = editor(job)
        apply(patch, to: &editor, at: now)
        editor.record(.jobUpdated, at: now)
        if wantsCancel {
            requestCancellation(&editor, at: now)
        } else if wantsShipping {
            // J3: ship date recorded, in-transit timer started.
            editor.job.timers.stop(.awaitingShipment)
            editor.job.timers.start(.inTransit, at: now, for: configuration.inTransit)
            editor.setState(.shipping, at: now)
        } else if editor.job.state == .creating {
            editor.job.timers.start(.awaitingShipment, at: now, for: configuration.awaitingShipment)
        }
        editor.deriveState(at: now)
        return editor.step
    }

    /// `properties.state`: absent or `""` → no change; otherwise only `Shipping`, any case.
    private func shippingRequested(_ patch: JobPatch) throws(LifecycleRefusal) -> Bool {
        guard let state = patch.state, !state.isEmpty else { return false }
        guard state.lowercased() == JobState.shipping.classic.lowercased() else {
            throw LifecycleRefusal(.invalidParameter,
                                   "'\(state)' cannot be set; the only state a client sets is 'Shipping'.",
                                   target: "properties.state")
        }
        return true
    }

    private func checkValues(_ patch: JobPatch, of job: Job, wantsShipping: Bool, wantsCancel: Bool) throws(LifecycleRefusal) {
        if patch.cancelRequested == false, configuration.strictCancelRequested {
            throw LifecycleRefusal(.invalidParameter, "If specified, 'cancelRequested' must be true.",
                                   target: "properties.cancelRequested")
        }
        // Not in the spec; ours: the two requests contradict each other.
        if wantsCancel, wantsShipping {
            throw LifecycleRefusal(.invalidParameter,
                                   "A request cannot both cancel the job and declare it 'Shipping'.",
                                   target: "properties.cancelRequested")
        }
        let validation = CreationValidation(configuration)
        try validation.checkAddresses(returnAddress: patch.returnAddress, returnShipping: patch.returnShipping,
                                      deliveryPackage: patch.deliveryPackage)
        if let drives = patch.drives {
            guard job.type == .import else {
                throw LifecycleRefusal(.invalidParameter,
                                       "An export job lists no drives; they are added when the package arrives.",
                                       target: "properties.driveList")
            }
            try validation.checkDriveList(drives)
        }
    }

    /// The windows of states.md §12 and the cancel policy of §9.
    private func checkWindows(_ patch: JobPatch, of job: Job, wantsShipping: Bool, wantsCancel: Bool) throws(LifecycleRefusal) {
        let state = job.state.classic(canceledAs: configuration.canceledJobSpelling)
        if wantsShipping, job.state != .creating {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)'; only a job in state 'Creating' can be set to 'Shipping'.",
                                   target: "properties.state")
        }
        if wantsCancel, !configuration.cancelPolicy.accepts(job.state) {
            let allowed = configuration.cancelPolicy == .current
                ? "Cancellation is only possible while the job is in state 'Creating'."
                : "Cancellation is only possible while the job is in state 'Creating', 'Shipping', 'Received' or 'Transferring'."
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)' and can no longer be cancelled. \(allowed)",
                                   target: "properties.cancelRequested")
        }
        let untilPackaging: [(String, Bool)] = [
            ("returnAddress", patch.returnAddress != nil), ("returnShipping", patch.returnShipping != nil),
            ("logLevel", patch.logLevel != nil), ("backupDriveManifest", patch.backupDriveManifest != nil),
        ]
        for (field, present) in untilPackaging where present && !job.state.isBeforePackaging {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)'; '\(field)' can be changed only until the job reaches 'Packaging'.",
                                   target: "properties.\(field)")
        }
        if patch.deliveryPackage != nil,
           !(job.state == .creating || job.state == .shipping) || job.packageArrival != nil {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)'; the delivery package can be changed only until the drives have arrived.",
                                   target: "properties.deliveryPackage")
        }
        if patch.drives != nil, job.state != .creating {
            throw LifecycleRefusal(.invalidJobState,
                                   "Job '\(job.name)' is in state '\(state)'; the drive list can be changed only in state 'Creating'.",
                                   target: "properties.driveList")
        }
    }

    private func apply(_ patch: JobPatch, to editor: inout JobEditor, at now: Instant) {
        if let tags = patch.tags { editor.job.tags = tags }
        if let address = patch.returnAddress {
            editor.job.returnAddress = address
            if editor.job.returnAddressProblemSince != nil {
                editor.job.returnAddressProblemSince = nil
                editor.job.timers.stop(.returnAddress)
                editor.record(.returnAddressProblemResolved, at: now)
            }
        }
        if let shipping = patch.returnShipping { editor.job.returnShipping = shipping }
        if let package = patch.deliveryPackage { editor.job.deliveryPackage = package }
        if let level = patch.logLevel { editor.job.logLevel = level }
        if let backup = patch.backupDriveManifest { editor.job.backupDriveManifest = backup }
        if let drives = patch.drives { editor.job.drives = drives.map(Drive.init(specification:)) }
        editor.job.timestamps.lastModifiedAt = now
        editor.job.lastModifiedBy = patch.actor ?? editor.job.lastModifiedBy
    }

    /// `cancelRequested: true`, once accepted (states.md §9): in `Creating` the job is
    /// `Canceled` at once, drives stay `Specified`, retention starts (J6). Under the legacy
    /// policy elsewhere, the flag is set and the job runs on (J17).
    func requestCancellation(_ editor: inout JobEditor, at now: Instant) {
        guard !editor.job.cancelRequested else { return }
        editor.job.cancelRequested = true
        if editor.job.state == .creating {
            editor.finish(.canceled, at: now)
        } else {
            editor.record(.cancelRequested, at: now)
        }
    }
}
