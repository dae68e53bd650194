import ArgumentParser
import IEDriveCopy
import IEDriveCore
import IEDriveDaemon

/// `iedrive reclaim-staging --target PATH`: remove what copies that no longer run left staged.
struct ReclaimStagingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclaim-staging",
        abstract: "Remove the staging that imports which no longer run left in a storage target.",
        discussion: """
            An import stages each blob before publishing it; a run that fails or is killed keeps \
            its staging so the same journal can resume it. Staging that no running copy holds — \
            a run given up, a journal thrown away — only takes room: this removes it. A copy of \
            the same drive does this for its drive when it begins, and the daemon at each start \
            for staging idle longer than a day; this command does it for the whole target now.

            Running copies (in any process) hold a claim on their staging and are never touched. \
            A stopped copy whose staging is removed still resumes from its journal: it reads \
            those blobs from the drive again.

            Exit status: 0 done (the numbers are printed); 1 the target cannot be read or \
            changed; 2 usage error.
            """
    )

    @Option(help: ArgumentHelp("The storage target: a directory path, a file:// URL, or s3://BUCKET[/PREFIX] (AWS_* variables).",
                               valueName: "path|url"))
    var target: String

    @Option(help: ArgumentHelp("Only staging of this drive (its id as the jobs name it).", valueName: "id"))
    var driveId: String?

    @Option(help: ArgumentHelp("Only staging not written for this long (e.g. 30m, 12h, 2d; default 0s: all).", valueName: "duration"))
    var idle: String = "0s"

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let span: TimeSpan
        do {
            span = try TimeSpan(parsing: idle)
        } catch {
            throw CommandFailure("--idle '\(idle)' is not a duration: \(error)", status: ExitStatus.usage)
        }
        let storage: any StorageTarget
        do {
            storage = try StorageTargets.open(target)
        } catch {
            throw CommandFailure("the target \(target): \(error)", state: .storageAccountNotAccessible)
        }
        let prefix = driveId.map { CopyEngine.drivePart(CopyKey(driveID: $0, manifestMD5: MD5Digest(high: 0, low: 0), target: "")) + "-" } ?? ""
        let reclaimed: StagingReclaim
        do {
            reclaimed = try storage.reclaimStaging(prefix: prefix, idleFor: .milliseconds(span.milliseconds))
        } catch {
            throw CommandFailure("the target \(storage.displayName): \(error)", state: .storageAccountNotAccessible)
        }
        if json {
            Console.out(JSONValue.object([("target", .string(storage.displayName)), ("entries", .int(Int64(reclaimed.entries))),
                                          ("bytes", .uint(reclaimed.bytes))]).serialized())
        } else {
            Console.out("reclaimed \(reclaimed.entries) staged blob(s), \(ByteCountText.text(Int64(clamping: reclaimed.bytes))), in \(storage.displayName)")
        }
    }
}
