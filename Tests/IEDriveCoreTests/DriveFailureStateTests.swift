import IEDriveCore
import Testing

@Suite struct DriveFailureStateTests {
    @Test func fourteenStatesWithDistinctLabelsAndTokens() {
        #expect(DriveFailureState.allCases.count == 14)
        #expect(Set(DriveFailureState.allCases.map(\.label)).count == 14)
        #expect(Set(DriveFailureState.allCases.map(\.rawValue)).count == 14)
    }

    @Test func labelsAreTheSpecsText() {
        #expect(DriveFailureState.bitLockerKeyInvalid.label == "BitLocker key invalid")
        #expect(DriveFailureState.ntfsVolumeNotFound.label == "NTFS volume not found")
        #expect(DriveFailureState.diskNotReceived.label == "Disk not received at datacenter")
        #expect(DriveFailureState.ntfsVolumeNotFound.rawValue == "NtfsVolumeNotFound")
    }

    @Test func parsesTokenOrLabel() {
        #expect(DriveFailureState(tokenOrLabel: "Unsupported disk") == .unsupportedDisk)
        #expect(DriveFailureState(tokenOrLabel: "hardwareerror") == .hardwareError)
        #expect(DriveFailureState(tokenOrLabel: "nope") == nil)
    }
}
