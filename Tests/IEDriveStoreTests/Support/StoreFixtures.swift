import IEDriveCore

/// A job with every field set, timers running, two keyed drives and one without a key, and one
/// event of every kind.
enum StoreFixture {
    /// 2024-06-03T09:00:00Z.
    static let t0 = Instant(millisecondsSinceEpoch: 1_717_405_200_000)
    static let recoveryPassword = "486717-373197-216029-527087-531740-482504-024706-333916"
    static let base64Key = "c2ltdWxhdGVkIGV4cG9ydCBrZXkgZm9yIHRlc3Rz"

    static func at(_ hours: Int64) -> Instant { t0 + .hours(hours) }

    static func fullJob(name: String = "Harbor-Import-01", createdAt: Instant = t0) -> Job {
        var job = Job(scope: .fixture, name: name, type: .import, location: "West Europe",
                      storageAccountId: "/subscriptions/7d1e6c2a/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/contoso",
                      createdAt: createdAt)
        job.tags = ["project": "harbor", "cost-centre": "4711"]
        job.identity = JobIdentity(type: .systemAssigned, principalId: "0f1e2d3c", tenantId: "a1b2c3d4")
        job.encryptionKey = EncryptionKeyDetails(kekType: .customerManaged, kekUrl: "https://vault.example/keys/k1",
                                                 kekVaultResourceID: "/subscriptions/7d1e6c2a/vaults/v1")
        job.createdBy = RequestActor(name: "alice@contoso.example", type: .user)
        job.lastModifiedBy = RequestActor(name: "ingest-bot", type: .application)
        job.returnAddress = ReturnAddress(recipientName: "Data Intake Desk", streetAddress1: "12 Quay Road",
                                          streetAddress2: "Floor 3", city: "Rotterdam", stateOrProvince: "ZH",
                                          postalCode: "3011 AA", countryOrRegion: "Netherlands",
                                          phone: "+31 10 000 0000", email: "intake@contoso.example")
        job.returnShipping = ReturnShipping(carrierName: "DHL", carrierAccountNumber: "DHL-000123")
        job.shippingInformation = ShippingInformation(recipientName: "Datacenter", streetAddress1: "1 Dock St",
                                                      streetAddress2: "Bay 2", city: "Amsterdam", stateOrProvince: "NH",
                                                      postalCode: "1000 AA", countryOrRegion: "Netherlands",
                                                      phone: "+31 20 000 0000", additionalInformation: "Ring twice")
        job.deliveryPackage = DeliveryPackage(carrierName: "DHL", trackingNumber: "JD0140000000001", driveCount: 3,
                                              shipDate: "6/4/2024 8:00:00 AM")
        job.returnPackage = PackageInformation(carrierName: "DHL", trackingNumber: "JD0149999999999", driveCount: 4,
                                               shipDate: "6/20/2024 10:00:00 AM")
        job.diagnosticsPath = "diag-logs"
        job.logLevel = .verbose
        job.backupDriveManifest = true
        job.export = ExportSpecification(blobPaths: ["c/a.bin"], blobPathPrefixes: ["/c/dir/"],
                                         blobListBlobPath: "lists/selection.xml")
        job.incompleteBlobListUri = "https://contoso.blob.example/diag/incomplete.xml"
        job.state = .transferring
        job.cancelRequested = true
        job.fault = JobFault(reason: "operator paused the job", since: at(30))
        job.drives = [
            drive("ZA1B2C3D", key: recoveryPassword, outcome: .failed(.bitLockerKeyInvalid)),
            drive("ZB4E5F6A", key: base64Key, outcome: .warnings),
            drive("ZC7A8B9C", key: nil, outcome: .notReceived),
        ]
        job.extraDrives = [ExtraDrive(driveId: "STRAY001", arrivedAt: at(5), returnedAt: at(200))]
        job.packageArrival = PackageArrival(deliveredAt: at(5), driveIds: ["ZA1B2C3D", "ZB4E5F6A"], receivingFinishedAt: at(6))
        job.returnAddressProblemSince = at(40)
        job.drivesDestroyed = true
        job.returnTransitElapsed = true
        job.timestamps.lastModifiedAt = at(1)
        job.timestamps.stateChangedAt = at(7)
        job.timestamps.shippedAt = at(2)
        job.timestamps.packageOverdueAt = at(3)
        job.timestamps.receivedAt = at(6)
        job.timestamps.transferStartedAt = at(7)
        job.timestamps.packagingStartedAt = at(50)
        job.timestamps.returnShippedAt = at(60)
        job.timestamps.finishedAt = at(70)
        for (index, timer) in JobTimer.allCases.enumerated() {
            job.timers.start(timer, at: at(Int64(index)), for: .days(Int64(index + 1)))
        }
        return job
    }

    static func drive(_ id: String, key: String?, outcome: DriveOutcome) -> Drive {
        var drive = Drive(driveId: id, state: .completedMoreInfo)
        drive.bitLockerKey = key.map(BitLockerKey.init)
        drive.manifestFile = "\\DriveManifest.xml"
        drive.manifestHash = "7E1F3C0A55B2D4C6E8F90A1B2C3D4E5F"
        drive.driveHeaderHash = ""
        drive.outcome = outcome
        drive.failureReason = "the recovery key does not unlock the volume"
        drive.bytesToCopy = 1_000_000_000
        drive.bytesSucceeded = 123_456_789
        drive.logs = DriveLogLinks(errorLogUri: "https://x.example/\(id)_error.xml",
                                   verboseLogUri: "https://x.example/\(id)_verbose.xml",
                                   manifestUri: "https://x.example/\(id).manifest")
        drive.neverReceivedCause = .packageOverdue
        drive.timestamps.receivedAt = at(6)
        drive.timestamps.neverReceivedAt = at(4)
        drive.timestamps.recoveredAt = at(6)
        drive.timestamps.probeStartedAt = at(8)
        drive.timestamps.copyStartedAt = at(9)
        drive.timestamps.processingEndedAt = at(20)
        drive.timestamps.shippedBackAt = at(60)
        return drive
    }

    /// One event of every kind (and every notice and deletion cause), an hour apart.
    static func everyEventKind() -> [LifecycleEvent] {
        var kinds: [LifecycleEventKind] = [
            .jobCreated, .jobReplaced, .jobUpdated, .jobStateChanged(from: .shipping, to: .received), .cancelRequested,
            .driveAdded(driveId: "ZA1B2C3D"), .driveStateChanged(driveId: "ZA1B2C3D", from: .received, to: .transferring),
            .driveProbeStarted(driveId: "ZB4E5F6A"), .packageDelivered(driveIds: ["ZA1B2C3D", "ZB4E5F6A"]),
            .extraDriveArrived(driveId: "STRAY001"), .extraDriveReturned(driveId: "STRAY001"),
            .faulted(reason: "operator paused the job"), .faultCleared, .returnAddressProblemResolved,
            .returnTransitElapsed, .drivesDestroyed,
        ]
        kinds += OperationsNotice.allCases.map(LifecycleEventKind.operationsNotified)
        kinds += JobDeletionCause.allCases.map(LifecycleEventKind.jobDeleted)
        return kinds.enumerated().map { LifecycleEvent(at: at(Int64($0.offset)), $0.element) }
    }

    /// Paths of optionals that are nil anywhere inside `value` (a fixture check: "every
    /// optional set" must stay true as records grow).
    static func nilOptionals(in value: Any, path: String = "job") -> [String] {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return [path] }
            return nilOptionals(in: wrapped, path: path)
        }
        return mirror.children.enumerated().flatMap { index, child in
            nilOptionals(in: child.value, path: path + "." + (child.label ?? "[\(index)]"))
        }
    }
}
