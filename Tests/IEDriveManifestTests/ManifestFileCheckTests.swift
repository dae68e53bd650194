import IEDriveCore
import IEDriveManifest
import Testing

@Suite("Manifest: §9 file checks and the DriveId")
struct ManifestFileCheckTests {
    @Test(arguments: [#"\DriveManifest.xml"#, "drive-manifest.xml", #"\8a0c23f7-14b7-470a-9633-fcd46590a1bc.manifest"#, "/s1/DriveManifest.xml"])
    func acceptedManifestPaths(path: String) throws {
        #expect(throws: Never.self) { try ManifestFileCheck.path(path).get() }
    }

    @Test(arguments: [#"..\DriveManifest.xml"#, #"C:\DriveManifest.xml"#, #"\\server\share\m.xml"#, "", #"\a\\b.xml"#, #"\m?.xml"#])
    func invalidManifestPaths(path: String) {
        guard case .failure(let problem) = ManifestFileCheck.path(path) else {
            Issue.record("accepted \(path)")
            return
        }
        #expect(problem.status == .manifestNameInvalid)
    }

    @Test func tooLongManifestPath() {
        let path = "\\" + Array(repeating: String(repeating: "d", count: 50), count: 6).joined(separator: "\\")
        #expect(path.count == 306)
        guard case .failure(let problem) = ManifestFileCheck.path(path) else {
            Issue.record("accepted")
            return
        }
        #expect(problem.status == .manifestNameTooLong)
        #expect(problem.status.failureState(isExport: false) == .manifestFileError)
    }

    @Test func driveIdComparison() throws {
        let header = try validManifest(SpecExamples.importManifest).header
        #expect(ManifestFileCheck.driveId(of: header, driveSerial: "ZA1B2C3D") == nil)
        #expect(ManifestFileCheck.driveId(of: header, driveSerial: "  za1b2c3d ") == nil)
        #expect(ManifestFileCheck.driveId(of: header, driveSerial: "ZA1B2C3E") == .manifestDriveIdMismatch)
    }

    @Test func manifestHashLengths() {
        #expect(ManifestHash("4C56AC8A6227E8D2E199323BBCCE8702") == .md5(MD5Digest(base16: "4c56ac8a6227e8d2e199323bbcce8702")!))
        let sha = String(repeating: "4228EC5D", count: 8)
        guard case .sha256(let bytes)? = ManifestHash(sha) else {
            Issue.record("64 digits should be SHA-256")
            return
        }
        #expect(bytes.count == 32)
        #expect(ManifestHash(sha)?.hex == sha)
        #expect(ManifestHash("ABC") == nil)
        #expect(ManifestHash(String(repeating: "G", count: 32)) == nil)
    }
}
