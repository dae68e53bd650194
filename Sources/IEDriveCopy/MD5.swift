import Crypto
public import IEDriveCore

/// MD5 of a block or page range, as the manifest states it (Base16 `Hash`).
public enum MD5 {
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> MD5Digest {
        let digest = Insecure.MD5.hash(data: bytes)
        return MD5Digest(bytes: Array(digest))!
    }

    public static func digest(_ bytes: [UInt8]) -> MD5Digest {
        bytes.withUnsafeBytes { digest($0) }
    }
}
