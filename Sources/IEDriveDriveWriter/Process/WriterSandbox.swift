internal import IEDriveSystem
public import IEDriveExport

/// What the writer process gives up before it parses anything: root (it becomes `user`, by
/// default `iedrive-reader` when that account exists, else `nobody`), every supplementary
/// group, the ability to regain privileges (no_new_privs), and core dumps (its memory holds a
/// drive's keys). The drive comes as a descriptor, so the account needs no access to it.
/// It also dies with its parent: a writer left behind by a killed daemon would go on writing
/// a drive the restarted daemon writes again.
public enum WriterSandbox {
    public static func enter(user: String? = nil) throws(DriveWriteError) {
        let parent = SystemCall.getppid()
        do {
            if SystemCall.geteuid() == 0 {
                let name = user ?? (SystemCall.userAccount(named: "iedrive-reader") != nil ? "iedrive-reader" : "nobody")
                guard let (uid, gid) = SystemCall.userAccount(named: name), uid != 0 else {
                    throw DriveWriteError.fileSystem(errno: 1, detail: "there is no unprivileged user '\(name)' to write as")
                }
                try SystemCall.dropSupplementaryGroups()
                try SystemCall.setgid(gid)
                try SystemCall.setuid(uid)
                guard SystemCall.geteuid() == uid, (try? SystemCall.setuid(0)) == nil else {
                    throw DriveWriteError.fileSystem(errno: 1, detail: "root could be regained after dropping to \(name)")
                }
            }
            try SystemCall.setNoNewPrivileges()
            try SystemCall.setParentDeathSignal(.kill)
            guard SystemCall.getppid() == parent else {
                throw DriveWriteError.fileSystem(errno: 3, detail: "the process that started the writer has ended")
            }
            try SystemCall.limitToZero(.coreSize)
        } catch let error as DriveWriteError {
            throw error
        } catch let error as SystemCallError {
            throw .fileSystem(errno: error.errno.rawValue, detail: "entering the sandbox: \(error)")
        } catch {
            throw .fileSystem(errno: 1, detail: "entering the sandbox: \(error)")
        }
    }
}
