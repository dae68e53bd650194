import Foundation
import IEDriveSystem

/// A program started without waiting for it: its pid and children can be looked at (and
/// signalled) while it runs, then its result collected with a time limit.
public final class BackgroundCommand: @unchecked Sendable {
    private let process: Process
    private let output = OutputCollector()
    private let started = Date()

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Starts `arguments[0]` (looked up on PATH when it has no slash) with the rest as arguments.
    public init(_ arguments: [String], stdin: String? = nil) throws {
        precondition(!arguments.isEmpty)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        output.collect(out: out.fileHandleForReading, err: err.fileHandleForReading)
    }

    /// The pids whose parent is this program (e.g. the reader process `iedrive` spawned), with
    /// their command names (`/proc/PID/comm`).
    public func children() -> [(pid: Int32, name: String)] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [(pid: Int32, name: String)] = []
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // pid (comm) state ppid …: the name may hold spaces and parentheses, the fields after the last ')' not.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, Int32(fields[1]) == processIdentifier else { continue }
            let name = (try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            found.append((pid, name))
        }
        return found
    }

    /// Waits until the program exits, up to `timeout` seconds; nil when it still runs then.
    public func wait(timeout: Double) -> CommandResult? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() >= deadline { return nil }
            SystemClock.sleep(microseconds: 10_000)
        }
        process.waitUntilExit()
        let (out, err) = output.wait()
        return CommandResult(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// Seconds since the program was started.
    public var elapsed: Double { Date().timeIntervalSince(started) }

    /// Sends `signal` to the program, unless it has exited.
    public func signal(_ signal: Int32) {
        if process.isRunning { try? SystemCall.kill(process.processIdentifier, Signal(rawValue: signal)) }
    }

    /// Kills the program if it still runs and reaps it: call in a `defer`, so a failed test
    /// leaves no process behind.
    public func stop() {
        if process.isRunning {
            try? SystemCall.kill(process.processIdentifier, .kill)
            process.waitUntilExit()
        }
        _ = output.wait()
    }
}

/// Reads both pipes to their end on their own threads, so neither fills up and blocks the child.
private final class OutputCollector: @unchecked Sendable {
    private var out = Data()
    private var err = Data()
    private let group = DispatchGroup()

    func collect(out outHandle: FileHandle, err errHandle: FileHandle) {
        group.enter()
        group.enter()
        DispatchQueue.global().async {
            self.out = outHandle.readDataToEndOfFile()
            self.group.leave()
        }
        DispatchQueue.global().async {
            self.err = errHandle.readDataToEndOfFile()
            self.group.leave()
        }
    }

    func wait() -> (String, String) {
        group.wait()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
