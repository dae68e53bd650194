internal import CDislocker
internal import CReaderSupport
public import IEDriveCore
import Synchronization
import Glibc   // explicit_bzero: a libc memory call (no system call), for the password handed to libdislocker
import IEDriveSystem

/// Unlocks a BitLocker volume on an open descriptor with libdislocker, read-only.
///
/// libdislocker keeps global state (verbosity, its log FILE, `dis_errno`, the locale it
/// sets), so `dis_initialize` and `dis_destroy` run under one process-wide lock. Its traps:
/// verbosity must be `L_QUIET` or `dis_destroy` closes stdout; a failed `dis_initialize`
/// has already freed the context; it opens the volume through `dis_open`, which
/// CReaderSupport replaces (read-only, close-on-exec, `/dev/fd/N` = a copy of descriptor N).
public enum BitLockerUnlocker {
    private static let lock = Mutex(())

    /// Whether libdislocker's SHA-256 (2^20 rounds to stretch a recovery password) runs on
    /// OpenSSL, with the CPU's SHA extensions, rather than mbedTLS's portable code.
    public static var keyStretchingUsesOpenSSL: Bool { iedrive_sha256_is_interposed() != 0 }

    static func withGlobalLock<R>(_ body: () -> R) -> R {
        lock.withLock { _ in body() }
    }

    /// Unlocks the BitLocker volume that starts `volumeOffset` bytes into `deviceFD` (which
    /// stays the caller's). Takes about a second of CPU (key stretching).
    public static func unlock(deviceFD: Int32, volumeOffset: UInt64 = 0,
                              recoveryPassword: RecoveryPassword) throws(ReaderFailure) -> BitLockerVolume {
        guard iedrive_dis_open_is_interposed() != 0 else {
            throw ReaderFailure(.internalError,
                                "The dis_open override is not in effect; refusing to let libdislocker open the drive for writing.")
        }
        guard let context = dis_new() else {
            throw ReaderFailure(.internalError, "Out of memory while unlocking BitLocker.", errno: Errno.noMemory.rawValue)
        }
        // From here until dis_initialize, the context is ours to destroy on failure.
        let configured = configure(context, deviceFD: deviceFD, volumeOffset: volumeOffset, recoveryPassword: recoveryPassword)
        guard configured else {
            withGlobalLock { _ = dis_destroy(context) }
            throw ReaderFailure(.internalError, "libdislocker refused an option.")
        }
        let started = SystemClock.monotonicNanoseconds()
        let (code, error) = withGlobalLock { () -> (Int32, Int32) in
            let code = dis_initialize(context)
            return (code, code == DIS_RET_SUCCESS ? 0 : iedrive_dis_errno())
        }
        guard code == DIS_RET_SUCCESS else {
            // dis_initialize has destroyed the context itself.
            throw DislockerResult.failure(initializeCode: code, errno: error)
        }
        let milliseconds = (SystemClock.monotonicNanoseconds() - started) / 1_000_000
        return BitLockerVolume(context: context, unlockMilliseconds: UInt32(clamping: milliseconds))
    }

    private static func configure(_ context: OpaquePointer, deviceFD: Int32, volumeOffset: UInt64,
                                  recoveryPassword: RecoveryPassword) -> Bool {
        var quiet = L_QUIET          // REQUIRED: any other level makes dis_destroy fclose(stdout)
        var yes: Int32 = 1
        var offset = off_t(volumeOffset)
        var ok = dis_setopt(context, DIS_OPT_VERBOSITY, &quiet) != 0
        ok = ok && dis_setopt(context, DIS_OPT_VOLUME_PATH, "/dev/fd/\(deviceFD)") != 0
        ok = ok && dis_setopt(context, DIS_OPT_READ_ONLY, &yes) != 0
        ok = ok && dis_setopt(context, DIS_OPT_VOLUME_OFFSET, &offset) != 0
        ok = ok && dis_setopt(context, DIS_OPT_USE_RECOVERY_PASSWORD, &yes) != 0
        // libdislocker copies the password; ours is wiped once handed over.
        ok = ok && withWipedCString(recoveryPassword.revealedForUnlock) { dis_setopt(context, DIS_OPT_SET_RECOVERY_PASSWORD, $0) != 0 }
        return ok
    }

    /// `text` as a NUL-terminated C string in memory that is zeroed after `body`.
    private static func withWipedCString<R>(_ text: String, _ body: (UnsafePointer<CChar>) -> R) -> R {
        var bytes = Array(text.utf8CString)
        defer {
            bytes.withUnsafeMutableBytes { raw in
                if let base = raw.baseAddress { explicit_bzero(base, raw.count) }
            }
        }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
