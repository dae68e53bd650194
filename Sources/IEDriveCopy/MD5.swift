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

    /// MD5 over the chunks in order, without joining them.
    public static func digest(_ bytes: PieceBytes) -> MD5Digest {
        var state = Insecure.MD5()
        for chunk in bytes.chunks { chunk.withUnsafeBytes { state.update(bufferPointer: $0) } }
        return MD5Digest(bytes: Array(state.finalize()))!
    }
}
