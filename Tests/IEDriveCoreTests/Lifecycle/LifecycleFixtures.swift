import IEDriveCore

/// Builders for lifecycle tests: the spec's example job (rest-api.md §8.1) and a scenario
/// runner that keeps the job, the simulated instant and every event.
enum Fixture {
    /// 2024-06-03T09:00:00Z, a Monday.
    static let t0 = Instant(millisecondsSinceEpoch: 1_717_405_200_000)
    static let driveA = "ZA1B2C3D"
    static let driveB = "ZB4E5F6A"

    static let address = ReturnAddress(recipientName: "Data Intake Desk", streetAddress1: "12 Quay Road",
                                       city: "Rotterdam", postalCode: "3011 AA", countryOrRegion: "Netherlands",
                                       phone: "+31 10 000 0000", email: "intake@contoso.example")
    static let returnShipping = ReturnShipping(carrierName: "DHL", carrierAccountNumber: "DHL-000123")
    static let package = DeliveryPackage(carrierName: "DHL", trackingNumber: "JD0140000000001", driveCount: 2,
                                         shipDate: "6/4/2024 8:00:00 AM")

    static func drive(_ id: String) -> DriveSpecification {
        DriveSpecification(driveId: id,
                           bitLockerKey: BitLockerKey("486717-373197-216029-527087-531740-482504-024706-333916"),
                           manifestFile: "\\DriveManifest.xml", manifestHash: "7E1F3C0A55B2D4C6E8F90A1B2C3D4E5F",
                           driveHeaderHash: "")
    }

    static func importRequest(name: String = "harbor-import-01", drives: [String] = [driveA, driveB],
                              withAddress: Bool = true) -> JobCreation {
        JobCreation(scope: .fixture, name: name, type: .import, location: "West Europe",
                    storageAccountId: "/subscriptions/7d1e6c2a/resourceGroups/rg-ingest/providers/Microsoft.Storage/storageAccounts/contosodata",
                    tags: ["project": "harbor"], returnAddress: withAddress ? address : nil,
                    returnShipping: withAddress ? returnShipping : nil, logLevel: .verbose,
                    backupDriveManifest: true, drives: drives.map(drive))
    }

    static func exportRequest(name: String = "q3-export") -> JobCreation {
        JobCreation(scope: .fixture, name: name, type: .export, location: "West Europe",
                    storageAccountId: "/subscriptions/7d1e6c2a/resourceGroups/rg-archive/providers/Microsoft.Storage/storageAccounts/contosoarchive",
                    returnAddress: address, returnShipping: returnShipping,
                    export: ExportSpecification(blobListBlobPath: "exportlists/q3-selection.xml"))
    }

    static let shippingPatch = JobPatch(state: "Shipping", deliveryPackage: package)
}

/// A job moving through its life on a stepped simulated clock.
struct Scenario {
    var lifecycle: JobLifecycle
    var job: Job
    var now: Instant
    var events: [LifecycleEvent] = []

    /// A job created at `Fixture.t0`.
    init(_ request: JobCreation = Fixture.importRequest(), configuration: LifecycleConfiguration = LifecycleConfiguration()) throws {
        lifecycle = JobLifecycle(configuration: configuration)
        now = Fixture.t0
        let step = try lifecycle.create(request, at: now)
        job = step.job
        events = step.events
    }

    /// Advance the clock by `span`; returns the events the timers fired (and false if deleted).
    @discardableResult
    mutating func wait(_ span: TimeSpan) -> [LifecycleEvent] { advance(to: now + span) }

    @discardableResult
    mutating func advance(to instant: Instant) -> [LifecycleEvent] {
        now = instant
        let result = lifecycle.advance(job, to: now)
        events += result.events
        if let job = result.job { self.job = job } else { deleted = true }
        return result.events
    }

    var deleted = false

    /// Apply an operation at the current instant.
    @discardableResult
    mutating func apply(_ operation: (JobLifecycle, Job, Instant) throws -> JobStep) throws -> [LifecycleEvent] {
        let step = try operation(lifecycle, job, now)
        job = step.job
        events += step.events
        return step.events
    }

    func drive(_ id: String) -> Drive? { job.drives.first { $0.driveId == id } }

    // MARK: Common paths

    mutating func ship() throws { try apply { try $0.update($1, Fixture.shippingPatch, at: $2) } }

    /// Shipped one hour after creation, delivered a day later with `drives`, received after the
    /// one-business-day lag.
    mutating func shipAndReceive(_ drives: [String] = [Fixture.driveA, Fixture.driveB]) throws {
        wait(.hours(1))
        try ship()
        wait(.days(1))
        try apply { try $0.packageDelivered($1, driveIds: drives, at: $2) }
        wait(.days(1))
    }

    mutating func start(_ id: String, bytes: Int64) throws {
        try apply { try $0.startCopy($1, driveId: id, bytesToCopy: bytes, at: $2) }
    }

    mutating func finish(_ id: String, _ result: CopyResult = .clean) throws {
        try apply { try $0.finishCopy($1, driveId: id, result: result, at: $2) }
    }

    mutating func shipBack() throws {
        try apply { try $0.shipBack($1, ReturnShipment(trackingNumber: "JD0140000000777"), at: $2) }
    }

    /// State changes recorded so far, in order.
    var jobStates: [JobState] {
        events.compactMap { if case .jobStateChanged(_, let to) = $0.kind { to } else { nil } }
    }
}

/// The refusal an operation threw, or nil if it did not throw one.
func refusal(_ body: () throws -> Void) -> LifecycleRefusal? {
    do {
        try body()
        return nil
    } catch let refusal as LifecycleRefusal {
        return refusal
    } catch {
        return nil
    }
}
