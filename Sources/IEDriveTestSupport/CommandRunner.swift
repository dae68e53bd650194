import Foundation

/// Runs a program and collects its exit status and output. For tests and test helpers only.
public struct CommandResult: Sendable, CustomStringConvertible {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public var description: String {
        "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }
}

public enum CommandRunner {
    /// Runs `arguments[0]` (looked up on PATH when it has no slash) with the rest as arguments.
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String]? = nil,
                           stdin: String? = nil) throws -> CommandResult {
        precondition(!arguments.isEmpty)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so neither fills up and blocks the child.
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Runs and throws unless the exit status is 0; returns stdout.
    @discardableResult
    public static func check(_ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let result = try run(arguments, environment: environment)
        guard result.status == 0 else {
            throw TestSupportError.commandFailed(arguments.joined(separator: " "), result.description)
        }
        return result.stdout
    }
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}

public enum TestSupportError: Error, CustomStringConvertible {
    case commandFailed(String, String)
    case setup(String)

    public var description: String {
        switch self {
        case .commandFailed(let command, let output): "command failed: \(command)\n\(output)"
        case .setup(let message): message
        }
    }
}
