import IEDriveAPI
import IEDriveCore
import Testing

@Suite struct JobResourceEncodingTests {
    let encoder = JobResourceEncoder(version: .v2021_01_01)

    @Test func createdJobIsSection81Verbatim() throws {
        let resource = encoder.resource(try APIFixture.createdJob())
        #expect(try JSONParser.parse(resource.body) == parsed(SpecExamples.created))
    }

    @Test func copyingJobIsSection82Verbatim() throws {
        let resource = encoder.resource(try APIFixture.copyingJob())
        #expect(try JSONParser.parse(resource.body) == parsed(SpecExamples.midCopy))
    }

    @Test func encodingIsDeterministic() throws {
        var job = try APIFixture.copyingJob()
        job.tags = ["z": "1", "a": "2", "m": "3"]
        let first = encoder.resource(job).body
        let second = encoder.resource(job).body
        #expect(first == second)
        #expect(text(first).contains(#""tags":{"a":"2","m":"3","z":"1"}"#))
    }

    /// No encoded resource, list or summary carries a key, in any version or field policy, at
    /// any stage.
    @Test(arguments: APIVersion.allCases, ResponseFieldPolicy.allCases)
    func keysAreAbsentFromEveryResource(version: APIVersion, policy: ResponseFieldPolicy) throws {
        var export = try APIFixture.exportJob()
        export.drives = [Drive(driveId: "EXP1", state: .shippedBack)]
        export.drives[0].bitLockerKey = BitLockerKey("123456-123456-123456-123456-123456-123456-123456-123456")
        let jobs = [try APIFixture.createdJob(), try APIFixture.copyingJob(), export]
        let encoder = JobResourceEncoder(version: version, fieldPolicy: policy)
        var bodies = jobs.map { encoder.resource($0).body }
        bodies.append(encoder.list(jobs, nextLink: "https://x/next").body)
        for body in bodies {
            // ARM omits fields with no value; the summaries below use null by design.
            #expect(!text(body).contains("null"))
        }
        bodies.append(JobSummary.list(jobs.map { JobSummary(job: $0) }).body)
        for body in bodies {
            let output = text(body)
            #expect(!output.contains("bitLockerKey"))
            #expect(!output.lowercased().contains("bitlocker"))
            #expect(!output.contains(APIFixture.keyA) && !output.contains(APIFixture.keyB))
            #expect(!output.contains("123456-123456"))
        }
    }

    @Test func bitLockerKeysAreOnlyInTheirOwnResponse() throws {
        let body = encoder.bitLockerKeys(try APIFixture.createdJob()).body
        #expect(text(body) == #"{"value":[{"driveId":"ZA1B2C3D","bitLockerKey":"\#(APIFixture.keyA)"},{"driveId":"ZB4E5F6A","bitLockerKey":"\#(APIFixture.keyB)"}]}"#)
        let export = try APIFixture.exportJob()
        #expect(text(encoder.bitLockerKeys(export).body) == #"{"value":[]}"#)
    }

    /// §5: 2016-11-01 has no `identity`, `systemData`, `encryptionKey`, `additionalInformation`;
    /// the superset policy serves them anyway.
    @Test func versionDifferences() throws {
        let job = try APIFixture.createdJob()
        let old = text(JobResourceEncoder(version: .v2016_11_01).resource(job).body)
        for key in ["\"identity\"", "\"systemData\"", "\"encryptionKey\"", "\"additionalInformation\"", "createdAt"] {
            #expect(!old.contains(key))
        }
        #expect(old.contains(#""shippingInformation":{"recipientName""#))
        for version in [APIVersion.v2020_08_01, .v2021_01_01] {
            let new = text(JobResourceEncoder(version: version).resource(job).body)
            for key in ["\"identity\":{\"type\":\"None\"}", "\"systemData\"", "\"encryptionKey\"", "\"additionalInformation\""] {
                #expect(new.contains(key))
            }
        }
        let superset = JobResourceEncoder(version: .v2016_11_01, fieldPolicy: .superset).resource(job)
        #expect(superset == encoder.resource(job))
    }

    @Test func exportJobShape() throws {
        let resource = text(encoder.resource(try APIFixture.exportJob()).body)
        #expect(resource.contains(#""jobType":"Export""#))
        #expect(resource.contains(#""export":{"blobListBlobPath":"exportlists/q3-selection.xml"}"#))
        #expect(resource.contains(#""driveList":[]"#))
        #expect(!resource.contains("percentComplete"))
        #expect(!resource.contains("blobListblobPath"))
        var inline = try APIFixture.exportJob()
        inline.export = ExportSpecification(blobPaths: ["c/a"], blobPathPrefixes: [])
        #expect(text(encoder.resource(inline).body)
            .contains(#""export":{"blobList":{"blobPath":["c/a"],"blobPathPrefix":[]}}"#))
    }

    @Test func listPageCarriesNextLinkOnlyWhenGiven() throws {
        var export = try APIFixture.exportJob()
        export.scope = JobScope(subscriptionId: "s", resourceGroup: "rg-archive")
        let jobs = [try APIFixture.createdJob(), export]
        let page = text(encoder.list(jobs, nextLink: "https://management.azure.com/x?%24skiptoken=b2Zm").body)
        #expect(page.hasSuffix(#"],"nextLink":"https://management.azure.com/x?%24skiptoken=b2Zm"}"#))
        #expect(page.contains(#""id":"/subscriptions/s/resourceGroups/rg-archive/providers/Microsoft.ImportExport/jobs/q3-export""#))
        let last = text(encoder.list(jobs, nextLink: nil).body)
        #expect(!last.contains("nextLink"))
        #expect(text(encoder.list([], nextLink: nil).body) == #"{"value":[]}"#)
    }

    @Test func finishedDriveShowsLogsAndFailureToken() throws {
        var job = try APIFixture.createdJob()
        job.drives[0].state = .shippedBack
        job.drives[0].outcome = .failed(.bitLockerKeyInvalid)
        job.drives[0].bytesSucceeded = 0
        job.drives[0].logs = DriveLogLinks(errorLogUri: "https://e", verboseLogUri: "https://v", manifestUri: "https://m")
        job.returnPackage = PackageInformation(carrierName: "DHL", trackingNumber: "R1", driveCount: 1, shipDate: "5/23/2024 3:30:00 PM")
        job.state = .canceled
        let body = text(JobResourceEncoder(version: .latest, canceledJobSpelling: .completed).resource(job).body)
        #expect(body.contains(#""state":"ShippedBack","copyStatus":"BitLockerKeyInvalid","percentComplete":0,"bytesSucceeded":0,"verboseLogUri":"https://v","errorLogUri":"https://e","manifestUri":"https://m"}"#))
        #expect(body.contains(#""returnPackage":{"carrierName":"DHL","trackingNumber":"R1","driveCount":1,"shipDate":"5/23/2024 3:30:00 PM"}"#))
        #expect(body.contains(#""state":"Completed","cancelRequested""#))
    }
}
