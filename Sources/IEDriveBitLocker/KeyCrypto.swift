internal import CBitLockerCrypto

/// The key-protection primitives of BitLocker's metadata: AES-256-CCM (12-byte nonce, 16-byte
/// tag), the recovery password's key stretching, SHA-256 and random bytes, all from OpenSSL.
public enum KeyCrypto {
    public struct Sealed: Sendable, Equatable {
        public var tag: [UInt8]
        public var ciphertext: [UInt8]
        public init(tag: [UInt8], ciphertext: [UInt8]) {
            self.tag = tag
            self.ciphertext = ciphertext
        }
    }

    public static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8]) throws(BitLockerWriteError) -> Sealed {
        guard key.count == 32, nonce.count == 12 else { throw .crypto("AES-CCM takes a 32-byte key and a 12-byte nonce") }
        var ciphertext = [UInt8](repeating: 0, count: max(plaintext.count, 1))
        var tag = [UInt8](repeating: 0, count: 16)
        let result = iedrive_ccm_seal(key, nonce, plaintext, plaintext.count, &ciphertext, &tag)
        guard result == 0 else { throw .crypto("AES-CCM sealing failed") }
        return Sealed(tag: tag, ciphertext: Array(ciphertext.prefix(plaintext.count)))
    }

    /// The plaintext, or nil when the tag does not match (wrong key).
    public static func open(_ sealed: Sealed, key: [UInt8], nonce: [UInt8]) throws(BitLockerWriteError) -> [UInt8]? {
        guard key.count == 32, nonce.count == 12, sealed.tag.count == 16 else {
            throw .crypto("AES-CCM takes a 32-byte key, a 12-byte nonce and a 16-byte tag")
        }
        var plaintext = [UInt8](repeating: 0, count: max(sealed.ciphertext.count, 1))
        switch iedrive_ccm_open(key, nonce, sealed.ciphertext, sealed.ciphertext.count, sealed.tag, &plaintext) {
        case 0: return Array(plaintext.prefix(sealed.ciphertext.count))
        case 1: return nil
        default: throw .crypto("AES-CCM opening failed")
        }
    }

    /// BitLocker's stretched key for a secret whose SHA-256 is `initial`.
    public static func stretch(initial: [UInt8], salt: [UInt8]) -> [UInt8] {
        precondition(initial.count == 32 && salt.count == 16)
        var output = [UInt8](repeating: 0, count: 32)
        iedrive_stretch_key(initial, salt, &output)
        return output
    }

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        iedrive_sha256(bytes, bytes.count, &output)
        return output
    }

    public static func randomBytes(_ count: Int) throws(BitLockerWriteError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        guard iedrive_random_bytes(&output, count) == 0 else { throw .crypto("OpenSSL's random generator is not seeded") }
        return output
    }
}
