import Foundation
import IEDriveCore
import Testing

/// The JSON the store writes is an on-disk format: these pin its spelling, and that a
/// document written today reads back.
@Suite("Stored JSON formats")
struct StoredFormatTests {
    private func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    @Test("event kinds: name under kind, values by label")
    func eventKinds() throws {
        #expect(try json(LifecycleEventKind.driveStateChanged(driveId: "Z1", from: .received, to: .transferring))
            == #"{"driveId":"Z1","from":"Received","kind":"driveStateChanged","to":"Transferring"}"#)
        #expect(try json(LifecycleEventKind.jobDeleted(.retentionExpired)) == #"{"cause":"retentionExpired","kind":"jobDeleted"}"#)
        #expect(try json(LifecycleEventKind.jobCreated) == #"{"kind":"jobCreated"}"#)
        #expect(try decode(LifecycleEventKind.self, #"{"kind":"packageDelivered","driveIds":["A","B"]}"#)
            == .packageDelivered(driveIds: ["A", "B"]))
        #expect(throws: DecodingError.self) { try decode(LifecycleEventKind.self, #"{"kind":"jobExploded"}"#) }
        for event in StoreFixture.everyEventKind() {
            #expect(try decode(LifecycleEvent.self, json(event)) == event)
        }
    }

    @Test("drive outcomes and timers")
    func outcomesAndTimers() throws {
        #expect(try json(DriveOutcome.failed(.bitLockerKeyInvalid)) == #"{"failure":"BitLockerKeyInvalid","kind":"failed"}"#)
        #expect(try json(DriveOutcome.notReceived) == #"{"kind":"notReceived"}"#)
        #expect(try json([Instant(millisecondsSinceEpoch: 1_717_405_200_000)]) == "[1717405200000]")
        #expect(try json([TimeSpan.days(1)]) == "[86400000]")
        // Documents written before instants were bare numbers still read.
        #expect(try decode(JobTimers.self, #"{"receipt":{"deadline":{"millisecondsSinceEpoch":2},"startedAt":1}}"#)[.receipt]
            == Instant(millisecondsSinceEpoch: 2))
        #expect(throws: DecodingError.self) { try decode([Instant].self, #"["2024-06-03"]"#) }
        var timers = JobTimers()
        timers.start(.receipt, at: Instant(millisecondsSinceEpoch: 1), deadline: Instant(millisecondsSinceEpoch: 2))
        #expect(try json(timers)
            == #"{"receipt":{"deadline":2,"startedAt":1}}"#)
        #expect(throws: DecodingError.self) {
            try decode(JobTimers.self, #"{"sometime":{"deadline":2,"startedAt":1}}"#)
        }
    }

    @Test("a drive's key never enters its encoding")
    func driveWithoutKey() throws {
        let drive = StoreFixture.drive("ZA1B2C3D", key: StoreFixture.recoveryPassword, outcome: .clean)
        let text = try json(drive)
        #expect(!text.contains("bitLockerKey") && !text.contains(StoreFixture.recoveryPassword))
        var expected = drive
        expected.bitLockerKey = nil
        #expect(try decode(Drive.self, text) == expected)
    }
}
