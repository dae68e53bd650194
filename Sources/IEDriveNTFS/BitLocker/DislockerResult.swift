internal import CDislocker
import IEDriveCore
import IEDriveSystem

/// What a failed `dis_initialize` means for the drive. libdislocker answers with one of its
/// `DIS_RET_*` codes; the parent has already found BitLocker with libblkid, so "not a
/// BitLocker header" here means a BitLocker volume dislocker cannot use.
enum DislockerResult {
    static func failure(initializeCode code: Int32, errno: Int32) -> ReaderFailure {
        switch code {
        case DIS_RET_ERROR_VMK_RETRIEVAL:
            // Also the answer for a malformed key, which RecoveryPassword rules out first.
            return ReaderFailure(.keyDoesNotUnlock,
                                 "The recovery password does not unlock this BitLocker volume; check the job's key for this drive.")
        case DIS_RET_ERROR_VOLUME_HEADER_CHECK:
            return ReaderFailure(.bitLockerUnsupported,
                                 "The BitLocker volume is in a state the unlocker does not support (encryption or decryption in progress, encrypt-on-write, or a damaged header) (dislocker \(code)); finish encryption on Windows and ship it again.")
        case DIS_RET_ERROR_METADATA_OFFSET, DIS_RET_ERROR_METADATA_CHECK, DIS_RET_ERROR_METADATA_VERSION_UNSUPPORTED,
             DIS_RET_ERROR_METADATA_FILE_SIZE_NOT_FOUND, DIS_RET_ERROR_DATASET_CHECK, DIS_RET_ERROR_FVEK_RETRIEVAL,
             DIS_RET_ERROR_VIRTUALIZATION_INFO_DATUM_NOT_FOUND, DIS_RET_ERROR_VOLUME_SIZE_NOT_FOUND,
             DIS_RET_ERROR_VOLUME_STATE_NOT_SAFE, DIS_RET_ERROR_CRYPTO_ALGORITHM_UNSUPPORTED:
            return ReaderFailure(.bitLockerUnsupported,
                                 "The BitLocker metadata is damaged or of an unsupported kind (dislocker \(code)).")
        case DIS_RET_ERROR_FILE_READ, DIS_RET_ERROR_FILE_SEEK, DIS_RET_ERROR_VOLUME_HEADER_READ:
            return ReaderFailure(.deviceReadError,
                                 "The drive failed while its BitLocker header was read (dislocker \(code)); check the drive and its cable.",
                                 errno: errno == 0 ? Errno.ioError.rawValue : errno)
        case DIS_RET_ERROR_ALLOC:
            return ReaderFailure(.internalError, "Out of memory while unlocking BitLocker.", errno: Errno.noMemory.rawValue)
        default:
            // DIS_RET_ERROR_FILE_OPEN (the device descriptor could not be copied) and the rest.
            return ReaderFailure(.internalError, "The BitLocker unlocker failed (dislocker \(code)).", errno: errno)
        }
    }
}
