import Foundation
import IEDriveTestSupport

/// A Python virtualenv under .build holding one of Microsoft's SDKs from PyPI, made once
/// (python3 -m venv + pip install) and reused by later runs.
enum PythonSDKVenv {
    /// The venv's python with `module` importable, or nil (the reason printed on standard error,
    /// naming `suite`, which is then skipped).
    static func python(venv name: String, packages: [String], module: String, suite: String) -> String? {
        let venv = TestEnvironment.repositoryRoot.path + "/.build/" + name
        let python = venv + "/bin/python"
        let probe = [python, "-c", "import \(module)"]
        func skip(_ reason: String) -> String? {
            FileHandle.standardError.write(Data("\(suite) skipped: \(reason)\n".utf8))
            return nil
        }
        if let result = try? CommandRunner.run(probe), result.status == 0 { return python }
        do {
            if !FileManager.default.fileExists(atPath: python) {
                let made = try CommandRunner.run(["python3", "-m", "venv", venv])
                guard made.status == 0 else { return skip("python3 -m venv failed (install python3-venv): \(made.stderr.prefix(300))") }
            }
            let installed = try CommandRunner.run([venv + "/bin/pip", "install", "--quiet", "--disable-pip-version-check"] + packages)
            guard installed.status == 0 else {
                return skip("pip install \(packages.joined(separator: " ")) failed (is PyPI reachable?): \(installed.stderr.suffix(300))")
            }
            return (try? CommandRunner.run(probe))?.status == 0 ? python : nil
        } catch {
            return skip("cannot run python3: \(error)")
        }
    }
}
