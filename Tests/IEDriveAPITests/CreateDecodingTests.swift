import IEDriveAPI
import IEDriveCore
import Testing

@Suite struct CreateDecodingTests {
    /// Every client-settable member of a PUT body, for each api-version.
    static let everyField = """
    {
      "location": "west europe",
      "tags": { "project": "harbor", "cost": "42" },
      "identity": { "type": "systemassigned", "principalId": "ignored", "tenantId": "ignored" },
      "properties": {
        "storageAccountId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ClassicStorage/storageAccounts/acct",
        "jobType": "IMPORT",
        "returnAddress": { "recipientName": "R", "streetAddress1": "S1", "streetAddress2": "S2", "city": "C",
          "stateOrProvince": "SP", "postalCode": "P", "countryOrRegion": "NL", "phone": "1", "email": "e@x" },
        "returnShipping": { "carrierName": "DHL", "carrierAccountNumber": "A-1" },
        "shippingInformation": { "recipientName": "DC", "streetAddress1": "D1", "streetAddress2": "D2", "city": "DCity",
          "stateOrProvince": "DS", "postalCode": "DP", "countryOrRegion": "DC", "phone": "2", "additionalInformation": "read-only" },
        "deliveryPackage": { "carrierName": "FedEx", "trackingNumber": "T-1", "driveCount": 1, "shipDate": "6/4/2024 8:00:00 AM" },
        "returnPackage": { "carrierName": "x", "trackingNumber": "y", "driveCount": 9, "shipDate": "z" },
        "diagnosticsPath": "logs/here",
        "logLevel": "verbose",
        "backupDriveManifest": true,
        "state": "Transferring",
        "cancelRequested": true,
        "percentComplete": 50,
        "provisioningState": "Failed",
        "driveList": [ { "driveId": "D1", "bitLockerKey": "k1", "manifestFile": "\\\\m.xml", "manifestHash": "AB",
          "driveHeaderHash": "HH", "state": "Completed", "copyStatus": "Completed", "percentComplete": 100,
          "bytesSucceeded": 5, "errorLogUri": "u" } ],
        "encryptionKey": { "kekType": "CustomerManaged", "kekUrl": "https://vault/keys/k", "kekVaultResourceID": "/v" }
      }
    }
    """

    @Test(arguments: APIVersion.allCases)
    func everyFieldOfCreate(version: APIVersion) throws {
        let creation = try APIFixture.decoder(version).creation(scope: APIFixture.scope, jobName: "job-1", body: bytes(Self.everyField), actor: APIFixture.actor)
        #expect(creation.name == "job-1")
        #expect(creation.location == "west europe")
        #expect(creation.tags == ["project": "harbor", "cost": "42"])
        #expect(creation.type == .import)
        #expect(creation.storageAccountId == "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ClassicStorage/storageAccounts/acct")
        #expect(creation.returnAddress == ReturnAddress(recipientName: "R", streetAddress1: "S1", streetAddress2: "S2", city: "C",
                                                        stateOrProvince: "SP", postalCode: "P", countryOrRegion: "NL",
                                                        phone: "1", email: "e@x"))
        #expect(creation.returnShipping == ReturnShipping(carrierName: "DHL", carrierAccountNumber: "A-1"))
        #expect(creation.shippingInformation == ShippingInformation(recipientName: "DC", streetAddress1: "D1", streetAddress2: "D2",
                                                                    city: "DCity", stateOrProvince: "DS", postalCode: "DP",
                                                                    countryOrRegion: "DC", phone: "2"))
        #expect(creation.deliveryPackage == DeliveryPackage(carrierName: "FedEx", trackingNumber: "T-1", driveCount: 1,
                                                            shipDate: "6/4/2024 8:00:00 AM"))
        #expect(creation.diagnosticsPath == "logs/here")
        #expect(creation.logLevel == .verbose)
        #expect(creation.backupDriveManifest == true)
        #expect(creation.drives == [DriveSpecification(driveId: "D1", bitLockerKey: BitLockerKey("k1"), manifestFile: "\\m.xml",
                                                       manifestHash: "AB", driveHeaderHash: "HH")])
        #expect(creation.export == nil)
        #expect(creation.encryptionKey == EncryptionKeyDetails(kekType: .customerManaged, kekUrl: "https://vault/keys/k",
                                                               kekVaultResourceID: "/v"))
        #expect(creation.identity == JobIdentity(type: .systemAssigned, principalId: "00000000-0000-4000-8000-000000000001",
                                                 tenantId: "00000000-0000-4000-8000-000000000001"))
        #expect(creation.actor == APIFixture.actor)
    }

    @Test(arguments: APIVersion.allCases)
    func exportWithEitherKeySpelling(version: APIVersion) throws {
        for key in ["blobListBlobPath", "blobListblobPath"] {
            let body = """
            {"location":"West US","properties":{"storageAccountId":"\(APIFixture.storageAccountId)","jobType":"Export",
             "export":{"\(key)":"lists/a.xml"},"driveList":[]}}
            """
            let creation = try APIFixture.decoder(version).creation(scope: APIFixture.scope, jobName: "exp", body: bytes(body))
            #expect(creation.type == .export)
            #expect(creation.export == ExportSpecification(blobListBlobPath: "lists/a.xml"))
            #expect(creation.drives.isEmpty)
        }
        let inline = """
        {"location":"West US","properties":{"storageAccountId":"\(APIFixture.storageAccountId)","jobType":"Export",
         "export":{"blobList":{"blobPath":["c/a","c/b"],"blobPathPrefix":["/d/"]}}}}
        """
        let creation = try APIFixture.decoder(version).creation(scope: APIFixture.scope, jobName: "exp", body: bytes(inline))
        #expect(creation.export == ExportSpecification(blobPaths: ["c/a", "c/b"], blobPathPrefixes: ["/d/"]))
    }

    /// §2.2: without `shippingInformation`, the location's address is the job's.
    @Test func shippingInformationComesFromTheLocation() throws {
        let creation = try APIFixture.decoder().creation(scope: APIFixture.scope, jobName: "harbor-import-01", body: bytes(APIFixture.createBody))
        let westEurope = try #require(LocationCatalog.simulated.location(named: "West Europe"))
        #expect(creation.shippingInformation == westEurope.address)
        #expect(creation.location == "West Europe")
    }

    @Test func defaultsAreLeftToTheLifecycle() throws {
        let body = """
        {"location":"westus","properties":{"storageAccountId":"\(APIFixture.storageAccountId)","jobType":"Import",
         "driveList":[{"driveId":"A","bitLockerKey":"k","manifestFile":"m","manifestHash":"h"}]}}
        """
        let creation = try APIFixture.decoder().creation(scope: APIFixture.scope, jobName: "plain", body: bytes(body))
        #expect(creation.tags.isEmpty)
        #expect(creation.logLevel == nil && creation.diagnosticsPath == nil && creation.backupDriveManifest == nil)
        #expect(creation.encryptionKey == nil && creation.identity == nil)
        #expect(creation.returnAddress == nil && creation.deliveryPackage == nil)
        #expect(creation.drives.first?.driveHeaderHash == nil)
        let job = try JobLifecycle().create(creation, at: APIFixture.createdAt).job
        #expect(job.logLevel == .error && job.diagnosticsPath == "waimportexport" && !job.backupDriveManifest)
    }

    @Test func identityNoneAndUserAssignedGetNoIdentifiers() throws {
        for (sent, type) in [("None", IdentityType.none), ("UserAssigned", .userAssigned)] {
            let body = """
            {"location":"westus","identity":{"type":"\(sent)","principalId":"p"},"properties":{"storageAccountId":"\(APIFixture.storageAccountId)",
             "jobType":"Import","driveList":[{"driveId":"A","bitLockerKey":"k","manifestFile":"m","manifestHash":"h"}]}}
            """
            let creation = try APIFixture.decoder().creation(scope: APIFixture.scope, jobName: "plain", body: bytes(body))
            #expect(creation.identity == JobIdentity(type: type))
        }
    }

    @Test func randomIdentifiersAreVersion4GUIDs() {
        let first = RandomIdentifier.make()
        let second = RandomIdentifier.make()
        #expect(first != second)
        let groups = first.split(separator: "-").map(\.count)
        #expect(groups == [8, 4, 4, 4, 12])
        #expect(Array(first)[14] == "4")
        #expect("89ab".contains(Array(first)[19]))
    }
}
