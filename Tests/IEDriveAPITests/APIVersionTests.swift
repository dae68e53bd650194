import IEDriveAPI
import Testing

@Suite struct APIVersionTests {
    @Test func exactlyTheThreeVersionsAreServed() throws {
        #expect(APIVersion.allCases.map(\.rawValue) == ["2016-11-01", "2020-08-01", "2021-01-01"])
        for version in APIVersion.allCases {
            #expect(try APIVersion.parse(version.rawValue) == version)
        }
        #expect(APIVersion.latest == .v2021_01_01)
    }

    @Test func missingVersionIsMissingApiVersionParameter() {
        for query in [nil, ""] as [String?] {
            let error = armError { _ = try APIVersion.parse(query) }
            #expect(error?.code == "MissingApiVersionParameter")
            #expect(error?.httpStatus == 400)
        }
    }

    @Test func unknownVersionIsInvalidApiVersionParameter() {
        for query in ["2019-01-01", "2021-01-01-preview", "2020-8-1", " 2020-08-01"] {
            let error = armError { _ = try APIVersion.parse(query) }
            #expect(error?.code == "InvalidApiVersionParameter")
            #expect(error?.httpStatus == 400)
            #expect(error?.message == "The api-version '\(query)' is invalid. The supported versions are '2016-11-01', '2020-08-01', '2021-01-01'.")
        }
    }

    /// rest-api.md §5: what 2016-11-01 lacks.
    @Test func fieldDifferences() {
        let old = APIVersion.v2016_11_01
        #expect(!old.hasIdentity && !old.hasSystemData && !old.hasEncryptionKey && !old.hasAdditionalShippingInformation)
        #expect(old.requiresFullDeliveryPackage)
        for version in [APIVersion.v2020_08_01, .v2021_01_01] {
            #expect(version.hasIdentity && version.hasSystemData && version.hasEncryptionKey)
            #expect(version.hasAdditionalShippingInformation)
            #expect(!version.requiresFullDeliveryPackage)
        }
    }
}
