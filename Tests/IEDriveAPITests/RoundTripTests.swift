import IEDriveAPI
import IEDriveCore
import Testing

/// What the daemon encodes, the CLI reads back.
@Suite struct RoundTripTests {
    @Test(arguments: APIVersion.allCases)
    func resourceReadsBackAsView(version: APIVersion) throws {
        let job = try APIFixture.copyingJob()
        let body = JobResourceEncoder(version: version).resource(job).body
        let view = try JobResourceView(body: body)
        #expect(view.id == "\(APIFixture.scope)/providers/Microsoft.ImportExport/jobs/harbor-import-01")
        #expect(view.name == job.name)
        #expect(view.location == "West Europe")
        #expect(view.tags == ["project": "harbor"])
        #expect(view.jobType == .import)
        #expect(view.state == "Transferring")
        #expect(!view.cancelRequested)
        #expect(view.percentComplete == 32)
        #expect(view.provisioningState == "Succeeded")
        #expect(view.deliveryTrackingNumber == "JD0140000000001")
        #expect(view.returnTrackingNumber == nil)
        #expect(view.drives.map(\.driveId) == ["ZA1B2C3D", "ZB4E5F6A"])
        #expect(view.drives.map(\.state) == [.transferring, .transferring])
        #expect(view.drives.map(\.copyStatus) == ["InProgress", "InProgress"])
        #expect(view.drives.map(\.percentComplete) == [62, 18])
        #expect(view.drives.map(\.bytesSucceeded) == [620_000_000_000, 360_000_000_000])
        #expect(view.drives.map(\.manifestHash) == job.drives.map(\.manifestHash))
        #expect(view.drives.allSatisfy { $0.errorLogUri == nil && $0.verboseLogUri == nil })
    }

    @Test func listReadsBackWithNextLink() throws {
        let jobs = [try APIFixture.createdJob(), try APIFixture.exportJob()]
        let encoder = JobResourceEncoder(version: .latest)
        let page = try JobListView(body: encoder.list(jobs, nextLink: "https://host/next?%24skiptoken=x").body)
        #expect(page.jobs.map(\.name) == ["harbor-import-01", "q3-export"])
        #expect(page.jobs.map(\.state) == ["Creating", "Creating"])
        #expect(page.jobs[0].drives.map(\.state) == [.specified, .specified])
        #expect(page.jobs[0].percentComplete == nil)
        #expect(page.nextLink == "https://host/next?%24skiptoken=x")
        #expect(try JobListView(body: encoder.list(jobs, nextLink: nil).body).nextLink == nil)
    }

    /// §8.3's last page, as Azure (or the spec) writes it, reads too.
    @Test func specListPageReads() throws {
        let page = #"""
        {"value":[{"id":"/x","name":"lab-import-07","type":"Microsoft.ImportExport/jobs","location":"West Europe",
          "properties":{"jobType":"Import","state":"Closed","percentComplete":100,"driveList":[{"driveId":"ZQ7Y6X5W",
          "state":"ShippedBack","copyStatus":"BitLockerKeyInvalid","percentComplete":0,"bytesSucceeded":0,"errorLogUri":"https://e"}],
          "returnPackage":{"carrierName":"DHL","trackingNumber":"JD0140000000777","driveCount":1,"shipDate":"5/23/2024 3:30:00 PM"}}}]}
        """#
        let view = try JobListView(body: bytes(page))
        #expect(view.nextLink == nil)
        #expect(view.jobs[0].returnTrackingNumber == "JD0140000000777")
        #expect(view.jobs[0].drives[0].copyStatus == "BitLockerKeyInvalid")
        #expect(view.jobs[0].drives[0].errorLogUri == "https://e")
    }

    @Test func bitLockerKeysReadBack() throws {
        let job = try APIFixture.createdJob()
        let view = try BitLockerKeyListView(body: JobResourceEncoder(version: .latest).bitLockerKeys(job).body)
        #expect(view.keys.map(\.driveId) == ["ZA1B2C3D", "ZB4E5F6A"])
        #expect(view.keys.map(\.key.revealed) == [APIFixture.keyA, APIFixture.keyB])
        #expect(!"\(view.keys.map(\.key))".contains("486717"))
    }

    @Test func malformedAnswersNameTheirPath() {
        #expect(throws: JSONDecodingError(.missing, path: "properties.state", "'properties.state' is required.")) {
            try JobResourceView(body: bytes(#"{"id":"i","name":"n","location":"l","properties":{"jobType":"Import"}}"#))
        }
        #expect(throws: JSONDecodingError.self) {
            try JobResourceView(body: bytes(#"{"id":"i","name":"n","location":"l","properties":{"jobType":"Import","state":"Creating","driveList":[{"driveId":"A","state":"Lost"}]}}"#))
        }
    }

    /// Both vocabularies: Classic state and Preview status, for jobs at several stages.
    @Test func summariesCarryBothVocabulariesAndReadBack() throws {
        var failed = try APIFixture.copyingJob()
        failed = try JobLifecycle().failDrive(failed, driveId: "ZB4E5F6A", failure: .bitLockerKeyInvalid,
                                              reason: "The key does not unlock the volume.",
                                              at: APIFixture.shippedAt + .days(5)).job
        let summary = JobSummary(job: failed)
        #expect(summary.name == "harbor-import-01")
        #expect(summary.type == .import)
        #expect(summary.classicState == "Transferring")
        #expect(summary.preview == .dataCopyInProgress)
        #expect(summary.driveCount == 2)
        #expect(summary.percentComplete == failed.percentComplete)
        let copying = summary.drives[0]
        #expect(copying.state == .transferring)
        #expect(copying.preview == .inProgress(percent: 62))
        #expect(copying.preview.label == "62% completed")
        #expect(copying.bytesSucceeded == 620_000_000_000 && copying.bytesToCopy == 1_000_000_000_000)
        #expect(copying.failureState == nil)
        let broken = summary.drives[1]
        #expect(broken.state == .completedMoreInfo)
        #expect(broken.failureState == .bitLockerKeyInvalid)
        #expect(broken.failureReason == "The key does not unlock the volume.")
        #expect(broken.preview.label == "BitLocker key invalid")
        #expect(broken.copyStatus == "BitLockerKeyInvalid")

        let body = summary.json.body
        #expect(text(body).contains(#""previewStatus":"DataCopyInProgress","previewLabel":"Data copy in progress""#))
        #expect(try JobSummary(body: body) == summary)
        let created = JobSummary(job: try APIFixture.createdJob())
        #expect(created.preview.label == "Awaiting shipment information")
        #expect(created.drives.map(\.preview) == [.notStarted, .notStarted])
        #expect(try JobSummary.decodeList(JobSummary.list([summary, created]).body) == [summary, created])
    }

    @Test func previewDriveTokensReadBack() {
        let statuses: [PreviewDriveStatus] = [.notStarted, .inProgress(percent: 7), .completed, .completedWithErrors,
                                              .completedWithWarnings] + DriveFailureState.allCases.map(PreviewDriveStatus.failure)
        for status in statuses {
            let percent: Int? = if case .inProgress(let value) = status { value } else { nil }
            #expect(PreviewDriveStatus(token: status.token, percent: percent) == status)
        }
        #expect(PreviewDriveStatus(token: "Exploded", percent: nil) == nil)
    }
}
