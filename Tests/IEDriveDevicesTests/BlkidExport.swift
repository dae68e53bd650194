import IEDriveTestSupport

/// `blkid -p -o export` run on a device or image (optionally at an offset), as a dictionary:
/// the reference our libblkid wrapper is compared with.
enum BlkidExport {
    static func probe(_ path: String, offset: UInt64? = nil, size: UInt64? = nil) throws -> [String: String] {
        var arguments = ["blkid", "-p", "-o", "export"]
        if let offset { arguments += ["--offset", String(offset)] }
        if let size { arguments += ["--size", String(size)] }
        arguments.append(path)
        // Exit status 2 means "nothing found": an empty dictionary, not an error.
        let result = try CommandRunner.run(arguments)
        guard result.status == 0 || result.status == 2 else {
            throw TestSupportError.commandFailed(arguments.joined(separator: " "), result.description)
        }
        var values: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = unescape(line[line.index(after: equals)...])
        }
        return values
    }

    /// blkid's export format escapes shell-special characters with a backslash.
    private static func unescape(_ text: Substring) -> String {
        var result = ""
        var escaping = false
        for character in text {
            if escaping { result.append(character); escaping = false }
            else if character == "\\" { escaping = true }
            else { result.append(character) }
        }
        return result
    }
}
