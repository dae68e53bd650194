public import SystemPackage
import Glibc

/// The one errno type of iedrive: swift-system's `Errno`. Match it by name
/// (`catch let error as SystemCallError where error.errno == .noSpace`, or `Errno.noSpace`
/// against a bare `Errno`); its description is strerror(3)'s text, the words users have
/// always seen in iedrive's messages ("No space left on device").
public typealias Errno = SystemPackage.Errno

extension Errno {
    /// `ENOMEDIUM` (Linux; swift-system does not name it): no medium in the drive (an empty
    /// card reader or optical drive).
    public static var noMedium: Errno { Errno(rawValue: ENOMEDIUM) }

    /// `errno` as the last C call on this thread left it. Only for the C libraries whose calls
    /// cannot go through ``SystemCall`` (libntfs-3g, libdislocker): read it right after the
    /// call that failed, before anything else can change it.
    public static var lastFromCLibrary: Errno { Errno(rawValue: Glibc.errno) }
}
