import IEDriveAPI
import IEDriveCore
import Testing

/// The values of rest-api.md §8 and a job driven there through the real lifecycle.
enum APIFixture {
    static let scope = JobScope(subscriptionId: "7d1e6c2a-4b9f-4e1a-a3c5-2f8b9d0e6a14", resourceGroup: "rg-ingest")
    static let actor = RequestActor(name: "ops@contoso.example", type: .user)
    /// 2024-06-03T09:12:44.521Z, §8.1's `createdAt`.
    static let createdAt = Instant(millisecondsSinceEpoch: 1_717_405_964_521)
    /// 2024-06-04T08:03:10.004Z, §8.2's `lastModifiedAt` (the ship declaration).
    static let shippedAt = Instant(millisecondsSinceEpoch: 1_717_488_190_004)
    static let keyA = "486717-373197-216029-527087-531740-482504-024706-333916"
    static let keyB = "438680-179157-071995-586872-516340-431728-121374-261932"
    static let storageAccountId =
        "/subscriptions/7d1e6c2a-4b9f-4e1a-a3c5-2f8b9d0e6a14/resourceGroups/rg-ingest/providers/Microsoft.Storage/storageAccounts/contosodata"

    /// §8.1's PUT body.
    static let createBody = """
    {
      "location": "West Europe",
      "tags": { "project": "harbor" },
      "properties": {
        "storageAccountId": "\(storageAccountId)",
        "jobType": "Import",
        "returnAddress": {
          "recipientName": "Data Intake Desk",
          "streetAddress1": "12 Quay Road",
          "city": "Rotterdam",
          "postalCode": "3011 AA",
          "countryOrRegion": "Netherlands",
          "phone": "+31 10 000 0000",
          "email": "intake@contoso.example"
        },
        "returnShipping": { "carrierName": "DHL", "carrierAccountNumber": "DHL-000123" },
        "diagnosticsPath": "waimportexport",
        "logLevel": "Verbose",
        "backupDriveManifest": true,
        "driveList": [
          {
            "driveId": "ZA1B2C3D",
            "bitLockerKey": "\(keyA)",
            "manifestFile": "\\\\DriveManifest.xml",
            "manifestHash": "7E1F3C0A55B2D4C6E8F90A1B2C3D4E5F",
            "driveHeaderHash": ""
          },
          {
            "driveId": "ZB4E5F6A",
            "bitLockerKey": "\(keyB)",
            "manifestFile": "\\\\DriveManifest.xml",
            "manifestHash": "0D9C8B7A69584736251403F2E1D0C9B8",
            "driveHeaderHash": ""
          }
        ]
      }
    }
    """

    /// §8.1's ship declaration.
    static let shipBody = """
    { "properties": { "state": "Shipping",
      "deliveryPackage": { "carrierName": "DHL", "trackingNumber": "JD0140000000001", "driveCount": 2, "shipDate": "6/4/2024 8:00:00 AM" } } }
    """

    static func decoder(_ version: APIVersion = .latest) -> JobRequestDecoder {
        JobRequestDecoder(version: version, makeIdentifier: { "00000000-0000-4000-8000-000000000001" })
    }

    /// §8.1: the job just created.
    static func createdJob() throws -> Job {
        let creation = try decoder().creation(scope: APIFixture.scope, jobName: "harbor-import-01", body: Array(createBody.utf8), actor: actor)
        return try JobLifecycle().create(creation, at: createdAt).job
    }

    /// §8.2: shipped, received, both drives copying (620 of 1 000 GB and 360 of 2 000 GB).
    static func copyingJob() throws -> Job {
        let lifecycle = JobLifecycle()
        var job = try createdJob()
        let patch = try decoder().patch(body: Array(shipBody.utf8), actor: actor)
        job = try lifecycle.update(job, patch, at: shippedAt).job
        let delivered = shippedAt + .days(1)
        job = try lifecycle.packageDelivered(job, driveIds: ["ZA1B2C3D", "ZB4E5F6A"], at: delivered).job
        let later = shippedAt + .days(4)
        job = try #require(lifecycle.advance(job, to: later).job)
        job = try lifecycle.startCopy(job, driveId: "ZA1B2C3D", bytesToCopy: 1_000_000_000_000, at: later).job
        job = try lifecycle.startCopy(job, driveId: "ZB4E5F6A", bytesToCopy: 2_000_000_000_000, at: later).job
        job = try lifecycle.recordProgress(job, driveId: "ZA1B2C3D", bytesSucceeded: 620_000_000_000, at: later).job
        job = try lifecycle.recordProgress(job, driveId: "ZB4E5F6A", bytesSucceeded: 360_000_000_000, at: later).job
        return job
    }

    /// An export job (§8.3's second entry) created through the decoder and the lifecycle.
    static func exportJob(version: APIVersion = .latest) throws -> Job {
        let body = """
        { "location": "westeurope", "properties": {
            "storageAccountId": "/subscriptions/7d1e6c2a-4b9f-4e1a-a3c5-2f8b9d0e6a14/resourceGroups/rg-archive/providers/Microsoft.Storage/storageAccounts/contosoarchive",
            "jobType": "export", "export": { "blobListblobPath": "exportlists/q3-selection.xml" } } }
        """
        let creation = try decoder(version).creation(scope: APIFixture.scope, jobName: "q3-export", body: Array(body.utf8), actor: actor)
        return try JobLifecycle().create(creation, at: createdAt).job
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func text(_ body: [UInt8]) -> String { String(decoding: body, as: UTF8.self) }

/// The parsed document, for order-sensitive comparison with the spec's examples.
func parsed(_ text: String) throws -> JSONInput { try JSONParser.parse(text) }

/// The ARM error a throwing call produced, or nil (also for any other error, which fails the
/// test's expectations on it).
func armError(_ body: () throws -> Void) -> ARMError? {
    do {
        try body()
        return nil
    } catch {
        return error as? ARMError
    }
}
