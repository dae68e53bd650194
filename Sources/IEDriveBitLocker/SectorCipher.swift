internal import CBitLockerCrypto

/// XTS-AES over whole sectors in one direction, the sector number as the tweak (BitLocker's
/// XTS modes). Owns its OpenSSL context; one per thread of use.
public final class SectorCipher {
    public enum Direction: Sendable { case encrypt, decrypt }

    private let handle: OpaquePointer
    public let sectorSize: Int

    /// `key` is the FVEK's key bytes: 32 for XTS-AES-128, 64 for XTS-AES-256.
    public init(key: [UInt8], direction: Direction, sectorSize: Int = 512) throws(BitLockerWriteError) {
        guard key.count == 32 || key.count == 64 else { throw .crypto("an XTS key is 32 or 64 bytes, not \(key.count)") }
        guard let handle = key.withUnsafeBufferPointer({
            iedrive_sector_cipher_new($0.baseAddress, $0.count, direction == .encrypt ? 1 : 0)
        }) else { throw .crypto("OpenSSL refused the XTS key") }
        self.handle = handle
        self.sectorSize = sectorSize
    }

    deinit { iedrive_sector_cipher_free(handle) }

    /// Transforms `buffer` in place; its length is whole sectors, the first being `firstSector`.
    public func run(_ buffer: UnsafeMutableRawBufferPointer, firstSector: UInt64) throws(BitLockerWriteError) {
        guard buffer.count % sectorSize == 0 else { throw .crypto("\(buffer.count) bytes are not whole sectors") }
        guard buffer.count > 0, let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        guard iedrive_sector_cipher_run(handle, firstSector, UInt32(sectorSize), base, base, buffer.count) == 0 else {
            throw .crypto("XTS-AES failed at sector \(firstSector)")
        }
    }

    public func run(_ bytes: inout [UInt8], firstSector: UInt64) throws(BitLockerWriteError) {
        var failure: BitLockerWriteError?
        bytes.withUnsafeMutableBytes { buffer in
            do throws(BitLockerWriteError) { try run(buffer, firstSector: firstSector) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
