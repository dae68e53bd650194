import IEDriveCore
import Testing

@Suite struct TargetValueTests {
    @Test func addressesParse() throws {
        #expect(try TargetAddress.parse("/srv/iedrive/target") == .localDirectory(path: "/srv/iedrive/target"))
        #expect(try TargetAddress.parse("relative/dir") == .localDirectory(path: "relative/dir"))
        #expect(try TargetAddress.parse("file:///srv/a%20b/%C3%A9") == .localDirectory(path: "/srv/a b/é"))
        #expect(try TargetAddress.parse("FILE://localhost/x") == .localDirectory(path: "/x"))
        #expect(try TargetAddress.parse("file:/x") == .localDirectory(path: "/x"))
        #expect(TargetAddress.localDirectory(path: "/srv/a b/é").description == "file:///srv/a%20b/%C3%A9")
        for bad in ["", "s3://bucket/p", "https://x/y", "file://host/x", "file:///x?y", "file:///x%2", "file:///x%00y", "file://"] {
            #expect(throws: TargetError.self, "\(bad)") { try TargetAddress.parse(bad) }
        }
    }

    @Test func errorsMapToDriveStates() {
        #expect(TargetError.notAccessible("x").driveFailureState == .storageAccountNotAccessible)
        #expect(TargetError.full("x").driveFailureState == .storageAccountNotAccessible)
        #expect(TargetError.full("x").description.hasPrefix("target full: "))
        #expect(TargetError.io("x", errno: 5).driveFailureState == .failed)
        #expect(TargetError.blobConflict("x").driveFailure.status == .internalError)
        #expect(TargetError.notAccessible("x").driveFailure.description == "Storage account not accessible: target not accessible: x")
    }
}
