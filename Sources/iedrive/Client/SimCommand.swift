import ArgumentParser
import Foundation
import IEDriveCore

/// `iedrive sim …`: the customer's and the carrier's side, simulated.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Simulate the carrier and the clock: deliver packages, move time, ship drives back, pull drives.",
        discussion: """
            `deliver` is the package arriving at the datacenter: the daemon records the delivery \
            (the drives become Received after the receipt lag, lifecycle.receipt_lag) and each \
            image is attached as a loop device, which the daemon notices through udev: \
            read-only for an import job (its drives are evidence), read-write for an export job \
            (blank drives the daemon writes: give images of the drive's size, e.g. \
            truncate -s 2G DRIVE01.img). A drive's DriveId is its image's file name without the \
            extension (DRIVE01.img → DRIVE01). `advance` moves simulated time (14d, 36h, 90m). `ship-back` hands the drives \
            to the return carrier. `pull` detaches a loop device (a drive taken out).

            deliver and pull attach and detach loop devices and must run as root on the daemon's host.
            """,
        subcommands: [SimDeliverCommand.self, SimAdvanceCommand.self, SimShipBackCommand.self, SimPullCommand.self])
}

struct SimDeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver", abstract: "A job's package arrives: record it and attach its drive images.")
    @Argument(help: "The job name.") var name: String
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Drive images in the package.", valueName: "IMG"))
    var image: [String] = []
    @Option(help: ArgumentHelp("Drive ids in the package besides the images' (drives that came without an image).", valueName: "id"))
    var driveId: [String] = []
    @OptionGroup var client: ClientOptions

    func validate() throws {
        if image.isEmpty && driveId.isEmpty { throw ValidationError("give the package's drives: --image IMG... and/or --drive-id ID.") }
        for path in image where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path) does not exist.")
        }
    }

    func run() throws {
        let calls = try client.calls()
        let ids = image.map(Self.driveId(ofImage:)) + driveId
        let body = JSONValue.object([("jobName", .string(name)), ("driveIds", .array(ids.map(JSONValue.string)))]
                                    + calls.scopeMembers)
        let response = try calls.call("POST", "/iedrive/v1/sim/deliver", body: DaemonCalls.body(body))
        let writable = try calls.object(response).string("jobType") == JobType.export.rawValue
        var attached: [(String, String)] = []
        for path in image {
            let device = try LoopDevices.attach(path, readOnly: !writable)
            attached.append((Self.driveId(ofImage: path), device))
        }
        if client.json {
            Console.out(JSONValue.object([
                ("jobName", .string(name)),
                ("drives", .array(attached.map { .object([("driveId", .string($0.0)), ("device", .string($0.1))]) })),
            ]).serialized())
        } else {
            Console.out("package of job \(name) delivered with \(ids.count) drive(s)")
            for (id, device) in attached { Console.out("  \(id) attached \(writable ? "read-write" : "read-only") as \(device)") }
        }
    }

    /// `DRIVE01.img` → `DRIVE01`: the daemon's default `intake.drive_id_from = "file-stem"`.
    static func driveId(ofImage path: String) -> String {
        let name = (path as NSString).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}

struct SimAdvanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance", abstract: "Move simulated time forward (timers fire, receipts finish).")
    @Argument(help: "How far: 14d, 36h, 90m, 1w …") var duration: String
    @OptionGroup var client: ClientOptions

    func run() throws {
        do { _ = try TimeSpan(parsing: duration) } catch {
            throw CommandFailure("'\(duration)' is not a duration: \(error)", status: ExitStatus.usage)
        }
        let calls = try client.calls()
        let response = try calls.call("POST", "/iedrive/v1/sim/advance",
                                      body: DaemonCalls.body(.object([("duration", .string(duration))])))
        if client.json { Console.out(response.text); return }
        Console.out("simulated time is now \(try calls.object(response).string("simulatedNow") ?? "?")")
    }
}

struct SimShipBackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship-back", abstract: "Hand a job's drives to the return carrier.")
    @Argument(help: "The job name.") var name: String
    @Option(help: ArgumentHelp("Return carrier (default: the job's returnShipping carrier).", valueName: "C")) var carrier: String?
    @Option(help: ArgumentHelp("Return tracking number (default: generated).", valueName: "T")) var tracking: String?
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = try client.calls()
        var members: [(String, JSONValue)] = [("jobName", .string(name))] + calls.scopeMembers
        if let carrier { members.append(("carrierName", .string(carrier))) }
        if let tracking { members.append(("trackingNumber", .string(tracking))) }
        let response = try calls.call("POST", "/iedrive/v1/sim/ship-back", body: DaemonCalls.body(.object(members)))
        if client.json { Console.out(response.text); return }
        Console.out("drives of job \(name) shipped back")
    }
}

struct SimPullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Take a drive out: detach its loop device.")
    @Argument(help: "The loop device, e.g. /dev/loop3.") var device: String

    func validate() throws {
        guard device.hasPrefix("/dev/loop"), device.dropFirst("/dev/loop".count).allSatisfy(\.isNumber) else {
            throw ValidationError("only loop devices can be pulled by the simulator (/dev/loopN), not \(device).")
        }
    }

    func run() throws {
        try LoopDevices.detach(device)
        Console.out("\(device) detached")
    }
}
