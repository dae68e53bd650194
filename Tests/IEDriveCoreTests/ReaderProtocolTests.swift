import IEDriveCore
import Testing

@Suite struct ReaderProtocolTests {
    @Test func framesSurviveAnyChunking() throws {
        let entries = [VolumeEntry(path: "/a/Übergrößé — 日本.txt", kind: .file, size: 5, sparse: true, modified: 1_700_000_000),
                       VolumeEntry(path: "/a", kind: .directory, size: 0)]
        let frames = [
            ReaderRequest.read(ReadRange(path: "/x", offset: 3, length: 9)).frame(id: 1),
            VolumeEntry.batchFrame(entries, id: 2),
            ReaderFrame(.data, requestID: 3, payload: Array(repeating: 7, count: 70_000)),
            ReplyEnd(count: 70_000, fileSize: 80_000).frame(id: 3),
            ReaderFailure(.notFound, "no such file", path: "/y", errno: 2).frame(id: 4),
        ]
        let stream = frames.flatMap(\.encoded)
        for piece in [1, 5, 12, 13, 4096, stream.count] {
            var decoder = ReaderFrameDecoder()
            var decoded: [ReaderFrame] = []
            var offset = 0
            while offset < stream.count {
                decoder.feed(stream[offset..<min(offset + piece, stream.count)])
                offset += piece
                while let frame = try decoder.next() { decoded.append(frame) }
            }
            #expect(decoded == frames, "piece size \(piece)")
            #expect(decoder.pendingByteCount == 0)
        }
        #expect(try VolumeEntry.batch(frame: frames[1]) == entries)
        #expect(try ReaderRequest(frame: frames[0]) == .read(ReadRange(path: "/x", offset: 3, length: 9)))
        #expect(try ReplyEnd(frame: frames[3]) == ReplyEnd(count: 70_000, fileSize: 80_000))
        let failure = try ReaderFailure(frame: frames[4])
        #expect(failure.kind == .notFound && failure.path == "/y" && failure.errno == 2 && !failure.isFatal)
    }

    @Test func corruptHeadersAreRefused() {
        var unknownKind = ReaderFrameDecoder()
        unknownKind.feed([0, 0, 0, 0, 0x42, 0, 0, 0, 1, 0, 0, 0])
        #expect(throws: ReaderFrameError.self) { _ = try unknownKind.next() }
        var tooLong = ReaderFrameDecoder()
        tooLong.feed([0xff, 0xff, 0xff, 0x7f, 0x85, 0, 0, 0, 1, 0, 0, 0])
        #expect(throws: ReaderFrameError.self) { _ = try tooLong.next() }
        var reserved = ReaderFrameDecoder()
        reserved.feed([0, 0, 0, 0, 0x85, 1, 0, 0, 1, 0, 0, 0])
        #expect(throws: ReaderFrameError.self) { _ = try reserved.next() }
    }

    @Test func truncatedAndTrailingPayloadsAreMalformed() {
        var frame = ReplyEnd(count: 1, fileSize: 2).frame(id: 1)
        frame.payload.removeLast()
        #expect(throws: WireError.self) { _ = try ReplyEnd(frame: frame) }
        frame.payload += [0, 0]
        #expect(throws: WireError.self) { _ = try ReplyEnd(frame: frame) }
    }

    @Test func openingCarriesTheKeyButNeverShowsIt() throws {
        let key = try RecoveryPassword("235818-357951-253979-013365-241120-245575-342914-591910")
        let opening = VolumeOpening(offset: 1_048_576, size: 99, encryption: .bitLocker(key))
        let frame = ReaderRequest.open(opening).frame(id: 1)
        #expect(try ReaderRequest(frame: frame) == .open(opening))
        #expect(!opening.description.contains("235818"))
        #expect(!"\(ReaderRequest.open(opening))".contains("235818"))
    }

    @Test func failuresMapToTheSpecStates() {
        let expected: [ReaderFailure.Kind: DriveFailureState?] = [
            .keyDoesNotUnlock: .bitLockerKeyInvalid, .bitLockerUnsupported: .bitLockerUnlockVolumeFailed,
            .bitLockerNotFound: .bitLockerVolumeNotFound, .ntfsNotFound: .ntfsVolumeNotFound,
            .ntfsCorrupt: .diskCorrupted, .readerCrashed: .diskCorrupted, .deviceReadError: .hardwareError,
            .readerTimedOut: .hardwareError, .notFound: nil, .wrongKind: nil,
        ]
        for (kind, state) in expected {
            #expect(ReaderFailure(kind, "x").driveFailureState == state, "\(kind)")
        }
        #expect(DriveFailure(ReaderFailure(.keyDoesNotUnlock, "x")).status == .bitLockerKeyInvalid)
        #expect(DriveFailure(ReaderFailure(.ntfsNotFound, "x")).status == .volumeNotNtfs)
    }
}

@Suite struct RecoveryPasswordTests {
    let valid = "235818-357951-253979-013365-241120-245575-342914-591910"

    @Test func spellingsNormalise() throws {
        let dashed = try RecoveryPassword(valid)
        #expect(dashed.revealedForUnlock == valid)
        #expect(try RecoveryPassword(valid.replacingOccurrences(of: "-", with: " ")) == dashed)
        #expect(try RecoveryPassword(valid.replacingOccurrences(of: "-", with: "")) == dashed)
        #expect(try RecoveryPassword("  \(valid)\n") == dashed)
    }

    @Test func malformedKeysNameTheGroupNotTheDigits() {
        let cases: [(String, RecoveryPasswordError)] = [
            ("", .empty),
            ("12345", .wrongLength(digits: 5)),
            ("235818-357951", .wrongGroupCount(2)),
            ("235819-357951-253979-013365-241120-245575-342914-591910", .groupNotMultipleOf11(group: 1)),
            ("235818-357951-253979-013365-241120-245575-342914-72089A", .groupNotSixDigits(group: 8)),
            ("235818-357951-253979-013365-241120-245575-342914-720896", .groupTooLarge(group: 8)),
            ("235818-357951-253979-013365-241120-245575-342914-5919100", .groupNotSixDigits(group: 8)),
        ]
        for (text, error) in cases {
            #expect(throws: error, "\(text)") { _ = try RecoveryPassword(text) }
            #expect(!error.description.contains("235818"))
        }
    }

    @Test func descriptionIsRedacted() throws {
        let key = try RecoveryPassword(valid)
        #expect(!"\(key)".contains("235818"))
        #expect(!String(reflecting: key).contains("235818"))
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
