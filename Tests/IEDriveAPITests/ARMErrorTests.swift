import IEDriveAPI
import IEDriveCore
import Testing

@Suite struct ARMErrorTests {
    /// §8.4 from the real lifecycle: cancel after the copy started → 409 with the spec's body.
    @Test func cancelTooLateIsSection84Verbatim() throws {
        let job = try APIFixture.copyingJob()
        let patch = try APIFixture.decoder().patch(body: bytes(#"{ "properties": { "cancelRequested": true } }"#))
        do {
            _ = try JobLifecycle().update(job, patch, at: APIFixture.shippedAt + .days(5))
            Issue.record("the lifecycle accepted a late cancel")
        } catch {
            let envelope = ARMError(error)
            #expect(envelope.httpStatus == 409)
            #expect(try JSONParser.parse(envelope.body) == parsed(SpecExamples.cancelTooLate))
        }
    }

    @Test func everyRefusalCodeKeepsItsStatus() {
        let expected: [LifecycleErrorCode: Int] = [
            .invalidParameter: 400, .resourceNotFound: 404, .driveNotFound: 404, .invalidJobState: 409, .conflict: 409,
            .quotaExceeded: 409, .kekTypeChangeNotAllowed: 409, .invalidDriveState: 409, .invalidShipmentState: 409,
        ]
        #expect(Set(expected.keys) == Set(LifecycleErrorCode.allCases))
        for code in LifecycleErrorCode.allCases {
            let error = ARMError(LifecycleRefusal(code, "Because.", target: "properties.x"))
            #expect(error.httpStatus == expected[code])
            #expect(error.code == code.rawValue)
            #expect(text(error.body) == #"{"error":{"code":"\#(code.rawValue)","message":"Because.","target":"properties.x"}}"#)
        }
    }

    @Test func specCodesAndStatuses() {
        let expected: [(ARMErrorCode, Int)] = [
            (.missingApiVersionParameter, 400), (.invalidApiVersionParameter, 400), (.invalidRequestContent, 400),
            (.invalidParameter, 400), (.invalidFilter, 400), (.authenticationFailed, 401), (.resourceNotFound, 404),
            (.conflict, 409), (.invalidJobState, 409), (.quotaExceeded, 409), (.internalServerError, 500),
        ]
        for (code, status) in expected { #expect(code.httpStatus == status) }
        #expect(ARMError.jobNotFound("j", resourceGroup: "rg").httpStatus == 404)
        #expect(ARMError.locationNotFound("Mars").code == "ResourceNotFound")
    }

    @Test func envelopeWithoutTargetOmitsItAndDetailsAppearWhenGiven() {
        #expect(text(ARMError(.authenticationFailed, "No token.").body)
            == #"{"error":{"code":"AuthenticationFailed","message":"No token."}}"#)
        let detailed = ARMError(.invalidParameter, "Two problems.", target: "properties",
                                details: [ARMErrorDetail(code: "InvalidParameter", message: "One.", target: "properties.a")])
        #expect(text(detailed.body)
            == #"{"error":{"code":"InvalidParameter","message":"Two problems.","target":"properties","details":[{"code":"InvalidParameter","target":"properties.a","message":"One."}]}}"#)
    }

    @Test func envelopeReadsBack() {
        let errors = [
            ARMError(.invalidParameter, "Bad \"quote\" and ünïcode.", target: "properties.driveList[3].driveId"),
            ARMError(.resourceNotFound, "Gone."),
            ARMError(httpStatus: 409, code: "CmkErrorKeyDisabled", message: "Key disabled.",
                     details: [ARMErrorDetail(code: "X", message: "Y")]),
        ]
        for error in errors {
            #expect(ARMError(body: error.body, httpStatus: error.httpStatus) == error)
        }
        #expect(ARMError(body: bytes("<html>502</html>"), httpStatus: 502) == nil)
        #expect(ARMError(body: bytes(#"{"value":[]}"#), httpStatus: 500) == nil)
    }
}
