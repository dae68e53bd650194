import IEDriveCore
import IEDriveDevices

/// One `iedrive probe`: what ``ProbeCommand`` parsed, run to an exit status.
///
/// `probe` is the command scripts run once per drive, often in loops over many devices, and
/// argument parsing by reflection costs more than the probe itself (about 60 % of the
/// instructions of a run, measured with callgrind). ``fastPath(_:)`` therefore recognises the
/// plain spellings — `probe [--json] [--allow-unencrypted] PATH`, in any order — without
/// ArgumentParser; every other spelling (help, `--`, unknown or misspelt options, a path
/// starting with `-`) goes through ArgumentParser as usual. A test runs both paths on the
/// same inputs and compares their output and exit status.
struct ProbeInvocation {
    var path: String
    var allowUnencrypted: Bool
    var json: Bool

    /// The invocation for `arguments` (without the program name) when they are a plain
    /// `probe` command line; nil otherwise.
    static func fastPath(_ arguments: some Collection<String>) -> ProbeInvocation? {
        guard arguments.first == "probe" else { return nil }
        var path: String?
        var allowUnencrypted = false, json = false
        for argument in arguments.dropFirst() {
            switch argument {
            case "--json" where !json: json = true
            case "--allow-unencrypted" where !allowUnencrypted: allowUnencrypted = true
            default:
                guard path == nil, !argument.isEmpty, !argument.hasPrefix("-") else { return nil }
                path = argument
            }
        }
        guard let path else { return nil }
        return ProbeInvocation(path: path, allowUnencrypted: allowUnencrypted, json: json)
    }

    /// Probes, prints, and returns the exit status `probe --help` documents.
    func run() -> Int32 {
        let report: ProbeReport
        do {
            report = try DeviceProber().probe(path: path)
        } catch {
            Console.error("iedrive probe: \(error.description)")
            if json {
                Console.out(JSONValue.object([
                    ("schemaVersion", .int(ProbeReport.jsonSchemaVersion)),
                    ("path", .string(path)),
                    ("error", .object([("code", .string(error.code)), ("message", .string(error.description))])),
                ]).serialized(pretty: true))
            }
            return ExitStatus.failure
        }
        let verdict = DriveVerdict.evaluate(report, allowUnencrypted: allowUnencrypted)
        if json {
            Console.out(report.json(verdict: verdict).serialized(pretty: true))
        } else {
            Console.out(ProbeReportText.render(report, verdict: verdict))
        }
        return verdict.acceptable ? ExitStatus.success : ExitStatus.notAcceptable
    }
}
