/// What the exporter writes through: NTFS on an export drive, in this process (`NTFSWriter`)
/// or in the per-drive writer process (`WriterProcessClient`). Paths are the components of a
/// drive path.
public protocol DriveFileWriter: AnyObject {
    var freeBytes: UInt64 { get }
    var clusterSize: Int { get }
    func makeDirectory(_ components: [String]) throws(DriveWriteError)
    func createFile(_ components: [String], size: UInt64, sparse: Bool) throws(DriveWriteError)
    func write(_ bytes: [UInt8], at offset: UInt64) throws(DriveWriteError)
    func closeFile() throws(DriveWriteError)
    /// Deletes the open file: a blob that could not be written whole leaves no name behind.
    func discardFile() throws(DriveWriteError)
    /// Writes everything out (NTFS unmounted, the drive flushed); the writer is done.
    func unmount() throws(DriveWriteError)
}

extension DriveFileWriter {
    /// Writes a whole small file in one go.
    public func writeFile(_ components: [String], bytes: [UInt8]) throws(DriveWriteError) {
        try createFile(components, size: UInt64(bytes.count), sparse: false)
        do {
            try write(bytes, at: 0)
        } catch {
            try? closeFile()
            throw error
        }
        try closeFile()
    }
}
