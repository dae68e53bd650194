import Foundation
import IEDriveCore
import IEDriveTestSupport

/// A stand-in for `iedrive-reader`, named as such: a small Python program written for one
/// test, which misbehaves on purpose (exits, crashes, hangs, sends garbage) in ways the real
/// reader cannot be made to on demand. It speaks through the same descriptors (3 device,
/// 4 requests, 5 replies, 2 log).
struct FakeReader {
    let path: String

    /// `body` is Python run after the helpers below are defined.
    static func make(in directory: TemporaryDirectory, named name: String, _ body: String) throws -> FakeReader {
        let path = directory.file(name)
        let program = """
            #!/usr/bin/env python3
            import os, struct, sys, time
            def frame(kind, rid, payload=b""):
                return struct.pack("<IB3xI", len(payload), kind, rid) + payload
            def ready():
                version = b"fake"
                payload = struct.pack("<III", os.getpid(), os.getuid(), os.getgid()) + struct.pack("<I", len(version)) + version
                os.write(5, frame(0x81, 0, payload))
            def read_request():
                header = os.read(4, 12)
                if len(header) < 12: return None
                length, kind, rid = struct.unpack("<IB3xI", header)
                payload = b""
                while len(payload) < length:
                    chunk = os.read(4, length - len(payload))
                    if not chunk: return None
                    payload += chunk
                return kind, rid, payload
            \(body)
            """
        try program.write(toFile: path, atomically: true, encoding: .utf8)
        try CommandRunner.check(["chmod", "0755", path])
        return FakeReader(path: path)
    }
}
