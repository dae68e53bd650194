import IEDriveAPI
import IEDriveCore
import Testing

@Suite struct PatchDecodingTests {
    @Test(arguments: APIVersion.allCases)
    func everyFieldOfPatch(version: APIVersion) throws {
        let body = """
        {"tags":{"k":"v"},"properties":{"cancelRequested":false,"state":"shipping",
          "returnAddress":{"recipientName":"R","streetAddress1":"S1","city":"C","postalCode":"P","countryOrRegion":"NL","phone":"1","email":"e"},
          "returnShipping":{"carrierName":"DHL","carrierAccountNumber":"A"},
          "deliveryPackage":{"carrierName":"DHL","trackingNumber":"T"},
          "logLevel":"Error","backupDriveManifest":false,
          "driveList":[{"driveId":"A","bitLockerKey":"k","manifestFile":"m","manifestHash":"h"}],
          "percentComplete":5,"encryptionKey":{"kekType":"CustomerManaged"}}}
        """
        let patch = try APIFixture.decoder(version).patch(body: bytes(body), actor: APIFixture.actor)
        #expect(patch == JobPatch(
            tags: ["k": "v"], cancelRequested: false, state: "shipping",
            returnAddress: ReturnAddress(recipientName: "R", streetAddress1: "S1", city: "C", postalCode: "P",
                                         countryOrRegion: "NL", phone: "1", email: "e"),
            returnShipping: ReturnShipping(carrierName: "DHL", carrierAccountNumber: "A"),
            deliveryPackage: DeliveryPackage(carrierName: "DHL", trackingNumber: "T"),
            logLevel: .error, backupDriveManifest: false,
            drives: [DriveSpecification(driveId: "A", bitLockerKey: BitLockerKey("k"), manifestFile: "m", manifestHash: "h")],
            actor: APIFixture.actor))
    }

    @Test func emptyPatchesChangeNothing() throws {
        for body in ["{}", #"{"properties":{}}"#, #"{"properties":null,"tags":null}"#] {
            #expect(try APIFixture.decoder().patch(body: bytes(body)) == JobPatch())
        }
        #expect(try APIFixture.decoder().patch(body: bytes(#"{"tags":{}}"#)) == JobPatch(tags: [:]))
    }

    /// §8.1's ship declaration, applied by the real lifecycle.
    @Test func shipDeclarationMovesTheJobToShipping() throws {
        let patch = try APIFixture.decoder().patch(body: bytes(APIFixture.shipBody))
        #expect(patch.state == "Shipping")
        #expect(patch.deliveryPackage == DeliveryPackage(carrierName: "DHL", trackingNumber: "JD0140000000001", driveCount: 2,
                                                         shipDate: "6/4/2024 8:00:00 AM"))
        let job = try JobLifecycle().update(try APIFixture.createdJob(), patch, at: APIFixture.shippedAt).job
        #expect(job.state == .shipping)
    }
}
