import IEDriveAPI
import IEDriveCore
import Testing

/// Bad PUT and PATCH bodies → the named ARM error, status and target.
@Suite struct BadRequestTests {
    static let account = APIFixture.storageAccountId
    static let drive = #"{"driveId":"A","bitLockerKey":"k","manifestFile":"m","manifestHash":"h"}"#

    static func importBody(properties: String = "", location: String = #""location":"West Europe","#) -> String {
        #"{\#(location)"properties":{"storageAccountId":"\#(account)","jobType":"Import","driveList":[\#(drive)]\#(properties)}}"#
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var code: String
        var target: String?
        var message: String?
        var testDescription: String { "\(code) at \(target ?? "-")" }
    }

    static let createCases: [Case] = [
        Case(body: "{", code: "InvalidRequestContent", target: nil,
             message: "The request body is not acceptable JSON: Expected a member name in double quotes at line 1, column 2."),
        Case(body: "[]", code: "InvalidRequestContent", target: nil),
        Case(body: "", code: "InvalidRequestContent", target: nil),
        Case(body: importBody(location: ""), code: "InvalidParameter", target: "location", message: "'location' is required."),
        Case(body: importBody(location: #""location":"Mars","#), code: "InvalidParameter", target: "location",
             message: "'Mars' is not a known Import/Export location; known locations: 'West Europe', 'West US'."),
        Case(body: importBody(location: #""location":7,"#), code: "InvalidRequestContent", target: "location",
             message: "'location' has the wrong type: Expected a string, found a number."),
        Case(body: #"{"location":"westus"}"#, code: "InvalidParameter", target: "properties"),
        Case(body: #"{"location":"westus","properties":[]}"#, code: "InvalidRequestContent", target: "properties"),
        Case(body: #"{"location":"westus","properties":{"jobType":"Import"}}"#, code: "InvalidParameter",
             target: "properties.storageAccountId"),
        Case(body: #"{"location":"westus","properties":{"storageAccountId":"contosodata","jobType":"Import"}}"#,
             code: "InvalidParameter", target: "properties.storageAccountId"),
        Case(body: #"{"location":"westus","properties":{"storageAccountId":"\#(account)","jobType":"Copy"}}"#,
             code: "InvalidParameter", target: "properties.jobType", message: "'properties.jobType' must be 'Import' or 'Export'."),
        Case(body: #"{"location":"westus","properties":{"storageAccountId":"\#(account)"}}"#,
             code: "InvalidParameter", target: "properties.jobType"),
        Case(body: importBody(properties: #","logLevel":"Debug""#), code: "InvalidParameter", target: "properties.logLevel",
             message: "'properties.logLevel' must be 'Error' or 'Verbose'."),
        Case(body: importBody(properties: #","backupDriveManifest":"yes""#), code: "InvalidRequestContent",
             target: "properties.backupDriveManifest"),
        Case(body: importBody(location: #""location":"westus","tags":{"a":1},"#), code: "InvalidRequestContent", target: "tags.a",
             message: "'tags.a' has the wrong type: Expected a string, found a number."),
        Case(body: importBody(properties: #","returnAddress":{"recipientName":"R"}"#), code: "InvalidParameter",
             target: "properties.returnAddress.streetAddress1", message: "'properties.returnAddress.streetAddress1' is required."),
        Case(body: importBody(properties: #","returnShipping":{"carrierName":"DHL"}"#), code: "InvalidParameter",
             target: "properties.returnShipping.carrierAccountNumber"),
        Case(body: importBody(properties: #","deliveryPackage":{"carrierName":"DHL","trackingNumber":"T","driveCount":"2"}"#),
             code: "InvalidRequestContent", target: "properties.deliveryPackage.driveCount"),
        Case(body: importBody(properties: #","deliveryPackage":{"carrierName":"DHL","trackingNumber":"T","driveCount":2.5}"#),
             code: "InvalidRequestContent", target: "properties.deliveryPackage.driveCount"),
        Case(body: importBody(properties: #","deliveryPackage":{"carrierName":"DHL","trackingNumber":"T","driveCount":-1}"#),
             code: "InvalidParameter", target: "properties.deliveryPackage.driveCount"),
        Case(body: importBody(properties: #","encryptionKey":{"kekType":"Mine"}"#), code: "InvalidParameter",
             target: "properties.encryptionKey.kekType"),
        Case(body: importBody(properties: #","export":{"blobList":{"blobPath":[1]}}"#), code: "InvalidRequestContent",
             target: "properties.export.blobList.blobPath[0]"),
        Case(body: #"{"location":"westus","identity":{"type":"Both"},"properties":{"storageAccountId":"\#(account)","jobType":"Import"}}"#,
             code: "InvalidParameter", target: "identity.type"),
        Case(body: #"{"location":"westus","properties":{"storageAccountId":"\#(account)","jobType":"Import","driveList":[\#(drive),{"driveId":"B","manifestFile":"m","manifestHash":"h"}]}}"#,
             code: "InvalidParameter", target: "properties.driveList[1].bitLockerKey",
             message: "'properties.driveList[1].bitLockerKey' is required."),
        Case(body: #"{"location":"westus","properties":{"storageAccountId":"\#(account)","jobType":"Import","driveList":[\#(drive),"B"]}}"#,
             code: "InvalidRequestContent", target: "properties.driveList[1]"),
        Case(body: #"{"location":"westus","properties":{"storageAccountId":"\#(account)","jobType":"Import","driveList":{}}}"#,
             code: "InvalidRequestContent", target: "properties.driveList"),
        Case(body: #"{"location":"westus","properties":{"storageAccountId":"\#(account)","jobType":"Export","export":{"blobListBlobPath":"a"},"driveList":[\#(drive)]}}"#,
             code: "InvalidParameter", target: "properties.driveList",
             message: "An export job lists no drives; they are added when the package arrives."),
    ]

    @Test(arguments: createCases)
    func badCreateBody(_ bad: Case) {
        let error = armError { _ = try APIFixture.decoder().creation(scope: APIFixture.scope, jobName: "job", body: bytes(bad.body)) }
        #expect(error?.code == bad.code)
        #expect(error?.httpStatus == 400)
        #expect(error?.target == bad.target)
        if let message = bad.message { #expect(error?.message == message) }
    }

    /// Unknown and read-only members are ignored, as ARM does (`tags` inside `properties` is
    /// unknown there).
    @Test func unknownMembersAreIgnored() throws {
        let body = Self.importBody(properties: #","tags":{"a":1},"whatever":[{}],"state":"Closed""#)
        let creation = try APIFixture.decoder().creation(scope: APIFixture.scope, jobName: "job", body: bytes(body))
        #expect(creation.tags.isEmpty)
    }

    @Test func inlineBlobListOver32KBIsRefused() {
        let paths = (0..<400).map { "\"container/blob-\(String(repeating: "x", count: 80))-\($0)\"" }.joined(separator: ",")
        let body = #"{"location":"westus","properties":{"storageAccountId":"\#(Self.account)","jobType":"Export","export":{"blobList":{"blobPath":[\#(paths)]}}}}"#
        let error = armError { _ = try APIFixture.decoder().creation(scope: APIFixture.scope, jobName: "job", body: bytes(body)) }
        #expect(error?.code == "InvalidParameter")
        #expect(error?.target == "properties.export.blobList")
        #expect(error?.message.contains("at most 32768 are accepted") == true)
    }

    @Test func absurdBodiesFailGracefully() {
        let deep = String(repeating: #"{"a":"#, count: 100_000)
        let tooDeep = armError { _ = try APIFixture.decoder().creation(scope: APIFixture.scope, jobName: "job", body: bytes(deep)) }
        #expect(tooDeep?.code == "InvalidRequestContent")
        #expect(tooDeep?.message.contains("more than 32 levels deep") == true)

        let small = JobRequestDecoder(version: .latest, options: RequestDecodingOptions(limits: JSONLimits(maximumBytes: 100)))
        let tooLarge = armError { _ = try small.creation(scope: APIFixture.scope, jobName: "job", body: bytes(APIFixture.createBody)) }
        #expect(tooLarge?.code == "InvalidRequestContent")
        #expect(tooLarge?.message.contains("at most 100 are accepted") == true)
    }

    /// §5: the original 2016 rule (all four delivery package fields) only with the strict flag.
    @Test func strictDeliveryPackageFor2016() throws {
        let body = Self.importBody(properties: #","deliveryPackage":{"carrierName":"DHL","trackingNumber":"T"}"#)
        let strict = RequestDecodingOptions(strictDeliveryPackage2016: true)
        let error = armError {
            _ = try JobRequestDecoder(version: .v2016_11_01, options: strict).creation(scope: APIFixture.scope, jobName: "job", body: bytes(body))
        }
        #expect(error?.code == "InvalidParameter")
        #expect(error?.target == "properties.deliveryPackage.driveCount")
        _ = try JobRequestDecoder(version: .v2020_08_01, options: strict).creation(scope: APIFixture.scope, jobName: "job", body: bytes(body))
        _ = try JobRequestDecoder(version: .v2016_11_01).creation(scope: APIFixture.scope, jobName: "job", body: bytes(body))
    }

    /// A malformed body that holds a key never echoes it.
    @Test func errorsNeverCarryTheKey() throws {
        let key = APIFixture.keyA
        let bodies = [
            #"{"location":"westus","properties":{"driveList":[{"bitLockerKey":"\#(key)" "driveId":"A"}]}}"#,
            #"{"location":"westus","properties":{"storageAccountId":"\#(Self.account)","jobType":"Import","driveList":[{"driveId":"A","bitLockerKey":"\#(key)","manifestFile":7}]}}"#,
            #"{"location":"westus","properties":{"storageAccountId":"\#(Self.account)","jobType":"Import","driveList":[{"driveId":"A","bitLockerKey":"\#(key)\u12"}]}}"#,
        ]
        for body in bodies {
            let error = armError { _ = try APIFixture.decoder().creation(scope: APIFixture.scope, jobName: "job", body: bytes(body)) }
            let found = try #require(error)
            let body = text(found.body)
            let description = found.description
            #expect(!body.contains("486717"))
            #expect(!description.contains("486717"))
        }
    }

    @Test func badPatchBodies() {
        let cases: [(String, String, String?)] = [
            ("not json", "InvalidRequestContent", nil),
            (#"{"properties":{"cancelRequested":"true"}}"#, "InvalidRequestContent", "properties.cancelRequested"),
            (#"{"properties":{"state":1}}"#, "InvalidRequestContent", "properties.state"),
            (#"{"properties":{"logLevel":"Loud"}}"#, "InvalidParameter", "properties.logLevel"),
            (#"{"tags":[]}"#, "InvalidRequestContent", "tags"),
            (#"{"properties":{"deliveryPackage":{"carrierName":"DHL"}}}"#, "InvalidParameter", "properties.deliveryPackage.trackingNumber"),
            (#"{"properties":{"driveList":[{"driveId":"A"}]}}"#, "InvalidParameter", "properties.driveList[0].bitLockerKey"),
        ]
        for (body, code, target) in cases {
            let error = armError { _ = try APIFixture.decoder().patch(body: bytes(body)) }
            #expect(error?.code == code, "\(body)")
            #expect(error?.target == target, "\(body)")
            #expect(error?.httpStatus == 400)
        }
    }
}
