import Crypto
public import IEDriveCore

/// MD5 and SHA-256 of a file read in pieces, for the manifest's own hash (`manifestHash` may
/// be either, drive-manifest.md §3).
public struct StreamDigest: Sendable {
    private var md5State = Insecure.MD5()
    private var sha256 = SHA256()

    public init() {}

    public mutating func update(_ bytes: [UInt8]) {
        md5State.update(data: bytes)
        sha256.update(data: bytes)
    }

    /// MD5 of the bytes fed so far.
    public var md5: MD5Digest { MD5Digest(bytes: Array(md5State.finalize()))! }

    /// Whether the bytes fed match `expected`.
    public func matches(_ expected: ManifestHash) -> Bool {
        switch expected {
        case .md5(let digest): md5 == digest
        case .sha256(let bytes): Array(sha256.finalize()) == bytes
        }
    }
}
