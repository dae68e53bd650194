import Foundation
import IEDriveSystem

/// losetup, for the simulator's package delivery: images are attached with partition
/// scanning, read-only unless asked (import drives are evidence; export drives are written),
/// and detached on `sim pull`.
enum LoopDevices {
    static func attach(_ image: String, readOnly: Bool = true) throws -> String {
        let absolute = URL(fileURLWithPath: image).standardizedFileURL.path
        let output = try losetup(["--find", "--show"] + (readOnly ? ["--read-only"] : []) + ["--partscan", absolute])
        let device = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard device.hasPrefix("/dev/loop") else { throw CommandFailure("losetup printed no device for \(image)") }
        return device
    }

    static func detach(_ device: String) throws {
        _ = try losetup(["--detach", device])
    }

    private static func losetup(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/sbin/losetup")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw CommandFailure("cannot run losetup: \(error.localizedDescription)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure("losetup \(arguments.joined(separator: " ")) failed: "
                                 + problem.trimmingCharacters(in: .whitespacesAndNewlines)
                                 + (SystemCall.geteuid() == 0 ? "" : " (loop devices need root)"))
        }
        return text
    }
}
