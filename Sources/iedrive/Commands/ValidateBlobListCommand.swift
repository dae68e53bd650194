import ArgumentParser
import IEDriveCore
import IEDriveManifest
import IEDriveSystem

/// `iedrive validate-bloblist FILE`: check an export blob list (blob-list.md), streamed from
/// the file in bounded memory, with one outcome for every way it can end.
struct ValidateBlobListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-bloblist",
        abstract: "Validate an export job's blob list file.",
        discussion: """
            Reads FILE ('-': standard input) 1 MiB at a time as the export blob-list XML: root \
            BlobList with BlobPath and BlobPathPrefix entries, every naming rule (a prefix's \
            blob-name part under the same rules as a blob path's name: no '.' or '..' segment, \
            no control character), no DTD or entity declaration, UTF-8 only. Limits, applied \
            while reading: 256 MiB, 3,000,000 entries, 16 KiB of text in an entry, nesting 4. \
            Whatever the file, it takes less than 64 MiB of memory.

            Exit status: 0 valid (the counts of blob paths, prefixes and duplicate entries are \
            printed); 6 invalid ("Export blob list format invalid": a rule or a limit broken, \
            with the rule, the offending entry and its line); 1 the file cannot be read \
            (missing, permission denied, a directory, an I/O error); 2 usage error.

            --json prints one object on standard output however the command ends (messages \
            still go to standard error), every key always present: schemaVersion (1), file, \
            valid (null when the list was not read), exitStatus, state and token (the drive \
            failure state: "Export blob list format invalid" / ExportBlobListFormatInvalid for \
            exit 6; "Blob access forbidden" / BlobAccessForbidden, the service's state for a \
            list it cannot read, for exit 1; null otherwise), status (the drive log status: \
            BlobListFormatInvalid, BlobRequestForbidden), code (the rule broken; \
            notFound, permissionDenied, isDirectory, ioError or readFailed; usage), rule, \
            limit (documentBytes, entries, textBytes, depth, …), message, entry, line, column, \
            elementPath, blobPaths, prefixes, duplicates, bytes.
            """
    )

    @Argument(help: ArgumentHelp("The blob list XML file ('-' for standard input).", valueName: "file"))
    var file: String?

    @Flag(help: "Treat an AzureFileList section as invalid instead of skipping it.")
    var strict = false

    @Flag(help: "Print one JSON object, whatever the outcome.")
    var json = false

    /// Anything else on the command line, so that a usage error is reported by this command
    /// (with `--json`, as an object) rather than by the argument parser.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var unexpected: [String] = []

    /// Bytes read from the file at a time.
    static let chunkBytes = 1 << 20

    func run() throws {
        let outcome: Outcome
        if let word = unexpected.first {
            let what = word.hasPrefix("-") && word != "-" ? "unknown option '\(word)'" : "unexpected argument '\(word)': give one FILE"
            outcome = .usage(what)
        } else if let file {
            outcome = Self.validate(file, strict: strict)
        } else {
            outcome = .usage("missing FILE: give the blob list XML file, or '-' to read it from standard input")
        }
        report(outcome)
        if outcome.exitStatus != ExitStatus.success { throw ExitCode(outcome.exitStatus) }
    }

    /// How a run ends.
    enum Outcome {
        case valid(BlobListSummary)
        /// The list breaks a rule or a limit; `bytes` were read.
        case invalid(BlobListFormatError, bytes: UInt64)
        /// The file cannot be opened or read; `bytes` were read before.
        case unreadable(code: String, message: String, bytes: UInt64)
        case usage(String)

        var exitStatus: Int32 {
            switch self {
            case .valid: ExitStatus.success
            case .invalid: ExitStatus.invalidInput
            case .unreadable: ExitStatus.failure
            case .usage: ExitStatus.usage
            }
        }
    }

    /// Opens `path` and feeds it to a `BlobListValidator` a chunk at a time.
    static func validate(_ path: String, strict: Bool, limits: BlobListLimits = .standard) -> Outcome {
        let fd: Int32
        do {
            fd = path == "-" ? SystemCall.standardInput : try SystemCall.open(path, .readOnly)
        } catch {
            return unreadable(path, error, bytes: 0)
        }
        defer { if fd != SystemCall.standardInput { SystemCall.close(fd) } }
        do {
            let status = try SystemCall.fstat(fd, subject: path)
            if status.kind == .directory {
                return .unreadable(code: "isDirectory", message: "\(path) is a directory; give the blob list file itself", bytes: 0)
            }
            // A regular file says its size: one over the limit is refused before a byte is read.
            if status.kind == .regularFile {
                do {
                    try limits.checkDocumentSize(UInt64(max(0, status.size)))
                } catch {
                    return .invalid(error, bytes: 0)
                }
            }
        } catch {
            return unreadable(path, error, bytes: 0)
        }
        var validator = BlobListValidator(strict: strict, limits: limits)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 64)
        defer { buffer.deallocate() }
        do {
            while true {
                let count: Int
                do {
                    count = try SystemCall.read(fd, into: buffer, subject: path)
                } catch {
                    return unreadable(path, error, bytes: validator.documentBytes)
                }
                if count == 0 { break }
                try validator.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
            return .valid(try validator.finish())
        } catch {
            return .invalid(error, bytes: validator.documentBytes)
        }
    }

    /// A failed open, fstat or read, with what to do about it.
    static func unreadable(_ path: String, _ error: SystemCallError, bytes: UInt64) -> Outcome {
        let verb = error.call == "open" ? "cannot open" : "cannot read"
        let (code, advice): (String, String)
        switch error.errno {
        case .noSuchFileOrDirectory, .notDirectory:
            (code, advice) = ("notFound", "Check the path; '-' reads the list from standard input.")
        case .permissionDenied, .notPermitted:
            (code, advice) = ("permissionDenied", "Run as a user who may read it, or copy it somewhere readable.")
        case .isDirectory:
            (code, advice) = ("isDirectory", "Give the blob list file itself.")
        case .ioError:
            (code, advice) = ("ioError", "The disk or file system holding it failed; copy the list elsewhere and retry.")
        default:
            (code, advice) = ("readFailed", "Check that it is a readable file.")
        }
        return .unreadable(code: code, message: "\(verb) \(path): \(error.errno). \(advice)", bytes: bytes)
    }

    func report(_ outcome: Outcome) {
        if json { Console.out(Self.json(outcome, file: file).serialized(pretty: true)) }
        let prefix = "iedrive validate-bloblist: "
        switch outcome {
        case .valid(let summary):
            if !json {
                Console.out("valid: \(summary.blobPaths) blob paths, \(summary.prefixes) prefixes"
                            + (summary.duplicates > 0 ? ", \(summary.duplicates) duplicates" : ""))
            }
        case .invalid(let error, _):
            Console.error(prefix + "\(error.failureState.label): \(error.description)")
        case .unreadable(_, let message, _):
            Console.error(prefix + message)
        case .usage(let problem):
            Console.error(prefix + problem + "\nUsage: iedrive validate-bloblist <file> [--strict] [--json]"
                          + "\n  See 'iedrive validate-bloblist --help'.")
        }
    }

    /// The `--json` object (schema version 1): every key always present, in this order.
    static func json(_ outcome: Outcome, file: String?) -> JSONValue {
        var valid: Bool?
        var state: DriveFailureState?
        var status: DriveStatus?
        var code: String?
        var error: BlobListFormatError?
        var message: String?
        var summary: BlobListSummary?
        var bytes: UInt64?
        switch outcome {
        case .valid(let result):
            valid = true
            summary = result
            bytes = result.documentBytes
        case .invalid(let problem, let read):
            valid = false
            state = problem.failureState
            status = problem.status
            code = problem.rule.rawValue
            error = problem
            message = problem.message
            bytes = read
        case .unreadable(let reason, let text, let read):
            state = .blobAccessForbidden
            status = .blobRequestForbidden
            code = reason
            message = text
            bytes = read
        case .usage(let text):
            code = "usage"
            message = text
        }
        return .object([
            ("schemaVersion", .int(1)),
            ("file", .string(file)),
            ("valid", .bool(valid)),
            ("exitStatus", .int(Int(outcome.exitStatus))),
            ("state", .string(state?.label)),
            ("token", .string(state?.rawValue)),
            ("status", .string(status?.rawValue)),
            ("code", .string(code)),
            ("rule", .string(error?.rule.rawValue)),
            ("limit", .string(error?.limit?.rawValue)),
            ("message", .string(message)),
            ("entry", .string(error?.entry)),
            ("line", .int(error?.location?.line)),
            ("column", .int(error?.location?.column)),
            ("elementPath", .string(error?.location?.elementPath)),
            ("blobPaths", .int(summary?.blobPaths)),
            ("prefixes", .int(summary?.prefixes)),
            ("duplicates", .int(summary?.duplicates)),
            ("bytes", .uint(bytes)),
        ])
    }
}
