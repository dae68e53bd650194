import ArgumentParser
import IEDriveCore
import IEDriveManifest
#if canImport(Glibc)
import Glibc
#endif

/// `iedrive validate-bloblist FILE`: check an export blob list (blob-list.md).
struct ValidateBlobListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-bloblist",
        abstract: "Validate an export job's blob list file.",
        discussion: """
            Parses FILE as the export blob-list XML (root BlobList with BlobPath and \
            BlobPathPrefix entries) with every naming rule, in bounded memory, refusing DTDs, \
            entity declarations, excessive nesting and invalid UTF-8.

            Exit status: 0 valid; 6 invalid ("Export blob list format invalid", with the \
            offending entry and its line); 1 the file cannot be read; 2 usage error.
            """
    )

    @Argument(help: ArgumentHelp("The blob list XML file ('-' for standard input).", valueName: "file"))
    var file: String

    @Flag(help: "Treat an AzureFileList section as invalid instead of skipping it.")
    var strict = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let bytes = try Self.read(file, limit: XMLLimits.blobList.maxDocumentBytes)
        do {
            let selection = try BlobListFile.parse(bytes, strict: strict)
            if json {
                Console.out(JSONValue.object([
                    ("valid", .bool(true)),
                    ("blobPaths", .int(selection.paths.count)),
                    ("prefixes", .int(selection.prefixes.count)),
                    ("duplicates", .int(selection.duplicateCount)),
                ]).serialized(pretty: true))
            } else {
                Console.out("valid: \(selection.paths.count) blob paths, \(selection.prefixes.count) prefixes" +
                            (selection.duplicateCount > 0 ? ", \(selection.duplicateCount) duplicates" : ""))
            }
        } catch {
            if json {
                Console.out(JSONValue.object([
                    ("valid", .bool(false)),
                    ("state", .string(DriveFailureState.exportBlobListFormatInvalid.label)),
                    ("status", .string(error.status.rawValue)),
                    ("rule", .string(error.rule.rawValue)),
                    ("message", .string(error.message)),
                    ("entry", .string(error.entry)),
                    ("line", .int(error.location?.line)),
                ]).serialized(pretty: true))
            }
            Console.error("iedrive validate-bloblist: \(DriveFailureState.exportBlobListFormatInvalid.label): \(error.description)")
            throw ExitCode(ExitStatus.invalidInput)
        }
    }

    static func read(_ path: String, limit: UInt64) throws -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw CommandFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += buffer[..<count]
            // One byte over the cap is enough for the parser to refuse the size.
            if UInt64(bytes.count) > limit { break }
        }
        return bytes
    }
}
