import IEDriveCore
import Testing

@Suite struct JobCreationTests {
    let lifecycle = JobLifecycle()

    /// J1 and rest-api.md §8.1: state `Creating`, drives `Specified`, `cancelRequested` false,
    /// defaults filled, the 14-day timer running.
    @Test func createImportJob() throws {
        let step = try lifecycle.create(Fixture.importRequest(), at: Fixture.t0)
        let job = step.job
        #expect(job.name == "harbor-import-01")
        #expect(job.type == .import)
        #expect(job.classicState() == "Creating")
        #expect(job.previewStatus.label == "Awaiting shipment information")
        #expect(job.cancelRequested == false)
        #expect(job.drives.map(\.driveId) == [Fixture.driveA, Fixture.driveB])
        #expect(job.drives.map(\.state) == [.specified, .specified])
        #expect(job.drives[0].manifestFile == "\\DriveManifest.xml")
        #expect(job.drives[0].driveHeaderHash == "")
        #expect(job.logLevel == .verbose)
        #expect(job.backupDriveManifest)
        #expect(job.diagnosticsPath == "waimportexport")
        #expect(job.encryptionKey == .microsoftManaged)
        #expect(job.identity.type == .none)
        #expect(job.percentComplete == nil)
        #expect(job.returnPackage == nil)
        #expect(job.timestamps.createdAt == Fixture.t0)
        #expect(job.timers[.awaitingShipment] == Fixture.t0 + .days(14))
        #expect(job.timers.running.count == 1)
        #expect(step.events == [LifecycleEvent(at: Fixture.t0, .jobCreated)])
    }

    /// J1 export: empty drive list.
    @Test func createExportJob() throws {
        let job = try lifecycle.create(Fixture.exportRequest(), at: Fixture.t0).job
        #expect(job.type == .export)
        #expect(job.drives.isEmpty)
        #expect(job.export?.blobListBlobPath == "exportlists/q3-selection.xml")
        #expect(job.bitLockerKeys.isEmpty)
    }

    @Test func importDriveListRules() {
        func refusalFor(_ drives: [DriveSpecification]) -> LifecycleRefusal? {
            var request = Fixture.importRequest()
            request.drives = drives
            return refusal { _ = try lifecycle.create(request, at: Fixture.t0) }
        }
        let eleven = (1...11).map { Fixture.drive("D\($0)") }
        let tooMany = refusalFor(eleven)
        #expect(tooMany?.code == .invalidParameter)
        #expect(tooMany?.httpStatus == 400)
        #expect(tooMany?.target == "properties.driveList")
        #expect(tooMany?.message == "An import job can contain at most 10 drives; 11 were supplied.")
        #expect(refusalFor((1...10).map { Fixture.drive("D\($0)") }) == nil)
        #expect(refusalFor([])?.target == "properties.driveList")
        #expect(refusalFor([Fixture.drive("A"), Fixture.drive("A")])?.target == "properties.driveList[1].driveId")
        #expect(refusalFor([Fixture.drive("ZA 1")])?.target == "properties.driveList[0].driveId")
        #expect(refusalFor([Fixture.drive("")])?.target == "properties.driveList[0].driveId")
        var noKey = Fixture.drive("A")
        noKey.bitLockerKey = BitLockerKey("")
        #expect(refusalFor([noKey])?.target == "properties.driveList[0].bitLockerKey")
        var noManifest = Fixture.drive("A")
        noManifest.manifestFile = ""
        #expect(refusalFor([noManifest])?.target == "properties.driveList[0].manifestFile")
        var noHash = Fixture.drive("A")
        noHash.manifestHash = ""
        #expect(refusalFor([noHash])?.target == "properties.driveList[0].manifestHash")
    }

    @Test func typeSpecificRules() {
        var importWithExport = Fixture.importRequest()
        importWithExport.export = ExportSpecification(blobPaths: ["c/b"])
        #expect(refusal { _ = try lifecycle.create(importWithExport, at: Fixture.t0) }?.target == "properties.export")

        var exportWithoutList = Fixture.exportRequest()
        exportWithoutList.export = nil
        #expect(refusal { _ = try lifecycle.create(exportWithoutList, at: Fixture.t0) }?.target == "properties.export")
        var exportWithBoth = Fixture.exportRequest()
        exportWithBoth.export = ExportSpecification(blobPaths: ["c/b"], blobListBlobPath: "c/list.xml")
        #expect(refusal { _ = try lifecycle.create(exportWithBoth, at: Fixture.t0) }?.target == "properties.export")
        var exportWithDrives = Fixture.exportRequest()
        exportWithDrives.drives = [Fixture.drive("A")]
        #expect(refusal { _ = try lifecycle.create(exportWithDrives, at: Fixture.t0) }?.target == "properties.driveList")
        var inlineExport = Fixture.exportRequest()
        inlineExport.export = ExportSpecification(blobPathPrefixes: ["/pictures/"])
        #expect(refusal { _ = try lifecycle.create(inlineExport, at: Fixture.t0) } == nil)
    }

    @Test func namesLocationsAndObjects() {
        for bad in ["ab", String(repeating: "a", count: 65), "-lead", "has space", "ünï"] {
            let failure = refusal { _ = try lifecycle.create(Fixture.importRequest(name: bad), at: Fixture.t0) }
            #expect(failure?.code == .invalidParameter, "\(bad)")
            #expect(failure?.target == "jobName")
        }
        #expect(refusal { _ = try lifecycle.create(Fixture.importRequest(name: "Job_1-a"), at: Fixture.t0) } == nil)
        #expect(JobName.same("Harbor-Import-01", "harbor-import-01"))

        var noLocation = Fixture.importRequest()
        noLocation.location = ""
        #expect(refusal { _ = try lifecycle.create(noLocation, at: Fixture.t0) }?.target == "location")
        var badAddress = Fixture.importRequest()
        badAddress.returnAddress?.email = ""
        #expect(refusal { _ = try lifecycle.create(badAddress, at: Fixture.t0) }?.target == "properties.returnAddress.email")
        var badPackage = Fixture.importRequest()
        badPackage.deliveryPackage = DeliveryPackage(carrierName: "DHL", trackingNumber: "")
        #expect(refusal { _ = try lifecycle.create(badPackage, at: Fixture.t0) }?.target ==
            "properties.deliveryPackage.trackingNumber")
        var cmk = Fixture.importRequest()
        cmk.encryptionKey = EncryptionKeyDetails(kekType: .customerManaged, kekUrl: "https://vault/keys/k")
        #expect(refusal { _ = try lifecycle.create(cmk, at: Fixture.t0) }?.target ==
            "properties.encryptionKey.kekVaultResourceID")
    }

    @Test func activeJobLimit() {
        var configuration = LifecycleConfiguration()
        configuration.activeJobLimit = 20
        let limited = JobLifecycle(configuration: configuration)
        #expect(refusal { _ = try limited.create(Fixture.importRequest(), at: Fixture.t0, activeJobs: 19) } == nil)
        let over = refusal { _ = try limited.create(Fixture.importRequest(), at: Fixture.t0, activeJobs: 20) }
        #expect(over?.code == .quotaExceeded)
        #expect(over?.httpStatus == 409)
        #expect(refusal { _ = try lifecycle.create(Fixture.importRequest(), at: Fixture.t0, activeJobs: 5_000) } == nil)
    }

    /// rest-api.md §3.1: PUT on an existing name replaces while `Creating` (timer restarted),
    /// 409 `Conflict` otherwise.
    @Test func replaceOnlyWhileCreating() throws {
        var s = try Scenario()
        s.wait(.days(10))
        var request = Fixture.importRequest(drives: [Fixture.driveA])
        request.name = "HARBOR-IMPORT-01"
        request.actor = RequestActor(name: "ops@contoso.example")
        let replaced = try s.lifecycle.replace(s.job, with: request, at: s.now)
        #expect(replaced.job.name == "harbor-import-01")
        #expect(replaced.job.drives.map(\.driveId) == [Fixture.driveA])
        #expect(replaced.job.timestamps.createdAt == Fixture.t0)
        #expect(replaced.job.timestamps.lastModifiedAt == s.now)
        #expect(replaced.job.lastModifiedBy?.name == "ops@contoso.example")
        #expect(replaced.job.timers[.awaitingShipment] == s.now + .days(14))
        #expect(replaced.events.map(\.kind) == [.jobReplaced])

        try s.ship()
        let conflict = refusal { _ = try s.lifecycle.replace(s.job, with: Fixture.importRequest(), at: s.now) }
        #expect(conflict?.code == .conflict)
        #expect(conflict?.httpStatus == 409)
        #expect(refusal { _ = try s.lifecycle.replace(s.job, with: Fixture.importRequest(name: "other"), at: s.now) }?
            .code == .invalidParameter)
    }

    /// rest-api.md §2.6: customer-managed never goes back to Microsoft-managed.
    @Test func customerManagedKeyCannotGoBack() throws {
        var request = Fixture.importRequest()
        request.encryptionKey = EncryptionKeyDetails(kekType: .customerManaged, kekUrl: "https://v/keys/k",
                                                     kekVaultResourceID: "/subscriptions/x/vaults/v")
        let job = try lifecycle.create(request, at: Fixture.t0).job
        var back = request
        back.encryptionKey = .microsoftManaged
        let failure = refusal { _ = try lifecycle.replace(job, with: back, at: Fixture.t0) }
        #expect(failure?.code == .kekTypeChangeNotAllowed)
        #expect(failure?.httpStatus == 409)
        var omitted = request
        omitted.encryptionKey = nil
        #expect(try lifecycle.replace(job, with: omitted, at: Fixture.t0).job.encryptionKey.kekType == .customerManaged)
    }
}
