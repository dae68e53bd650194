import ArgumentParser
import IEDriveCore
import IEDriveManifest
import IEDriveSystem

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
        let fd: Int32
        do {
            fd = path == "-" ? SystemCall.standardInput : try SystemCall.open(path, .readOnly)
        } catch {
            throw CommandFailure("cannot open \(path): \(error.errno)")
        }
        defer { if fd != SystemCall.standardInput { SystemCall.close(fd) } }
        do {
            // One byte over the cap is enough for the parser to refuse the size.
            return try SystemCall.readToEnd(fd, limit: Int(clamping: limit), subject: path)
        } catch {
            throw CommandFailure("cannot read \(path): \(error.errno)")
        }
    }
}
