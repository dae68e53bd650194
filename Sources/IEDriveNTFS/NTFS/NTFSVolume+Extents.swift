internal import CNTFS3G
public import IEDriveCore
import IEDriveSystem

extension NTFSVolume {
    /// Where the data of the file at `path` lies on the device descriptor: its runlist, in
    /// bytes, clipped to the stream's size, with the bytes past its initialized size (which
    /// NTFS reads as zeros) and sparse runs as holes. `unmappable` when the bytes on the
    /// device are not the file's bytes as they are.
    public func extents(of path: String) throws(ReaderFailure) -> FileExtents {
        let path = try VolumePath(path)
        device.clearReadError()
        let inode = try readableFile(at: path)
        let data = try openData(of: inode, path: path)
        let fileSize = data.size
        func unmappable(_ reason: String) -> FileExtents {
            // An empty mapping cannot be malformed: `try!` cannot fail here.
            try! FileExtents(fileSize: fileSize, mapping: .unmappable(reason: reason))
        }
        guard let base = plainOffset else { return unmappable("the volume is BitLocker-encrypted") }
        guard iedrive_attr_is_non_resident(data.handle) != 0 else { return unmappable("the data is resident in its MFT record") }
        guard !data.isCompressed else { return unmappable("the data is NTFS-compressed") }
        guard fileSize > 0 else { return try! FileExtents(fileSize: 0, mapping: .mapped([])) }
        guard ntfs_attr_map_whole_runlist(data.handle) == 0, let runlist = data.handle.pointee.rl else {
            let error = Errno.lastFromCLibrary.rawValue
            throw device.readFailure(while: "reading a file's runlist", path: path.text)
                ?? corrupt("The file's runlist cannot be read (\(Errno(rawValue: error))).", path: path, errno: error)
        }
        let clusterSize = UInt64(handle.pointee.cluster_size)
        let clusterCount = handle.pointee.nr_clusters
        let initialized = min(UInt64(max(0, data.handle.pointee.initialized_size)), fileSize)
        var extents: [FileExtents.Extent] = []
        var index = 0
        var covered: UInt64 = 0
        while covered < fileSize {
            let run = runlist[index]
            index += 1
            guard run.length > 0, run.vcn >= 0, UInt64(run.vcn) * clusterSize == covered else {
                throw corrupt("The file's runlist ends or skips before its \(fileSize) bytes (at byte \(covered)).",
                              path: path, errno: Errno.ioError.rawValue)
            }
            let start = covered
            let end = min(fileSize, start + UInt64(run.length) * clusterSize)
            if run.lcn >= 0 {
                guard run.lcn + run.length <= clusterCount else {
                    throw corrupt("The file's runlist points past the end of the volume (cluster \(run.lcn)).",
                                  path: path, errno: Errno.ioError.rawValue)
                }
                let device = base + UInt64(run.lcn) * clusterSize
                // Past the initialized size NTFS reads zeros whatever the clusters hold.
                if start < initialized {
                    extents.append(.init(fileOffset: start, length: min(end, initialized) - start, deviceOffset: device))
                }
                if end > max(start, initialized) {
                    let holeStart = max(start, initialized)
                    extents.append(.init(fileOffset: holeStart, length: end - holeStart, deviceOffset: nil))
                }
            } else if run.lcn == Int64(LCN_HOLE.rawValue) {
                extents.append(.init(fileOffset: start, length: end - start, deviceOffset: nil))
            } else {
                throw corrupt("The file's runlist has an unmapped run (\(run.lcn)) inside its data.", path: path, errno: Errno.ioError.rawValue)
            }
            covered = end
            if extents.count > FileExtents.maximumExtents { return unmappable("the file has more than \(FileExtents.maximumExtents) fragments") }
        }
        return try! FileExtents(fileSize: fileSize, mapping: .mapped(Self.merged(extents)))
    }

    /// Neighbouring holes, and runs that continue on the device, as one extent.
    static func merged(_ extents: [FileExtents.Extent]) -> [FileExtents.Extent] {
        var result: [FileExtents.Extent] = []
        result.reserveCapacity(extents.count)
        for extent in extents {
            if var last = result.last,
               (last.deviceOffset == nil && extent.deviceOffset == nil)
                || (last.deviceOffset.map { $0 + last.length } == extent.deviceOffset && extent.deviceOffset != nil) {
                last.length += extent.length
                result[result.count - 1] = last
            } else {
                result.append(extent)
            }
        }
        return result
    }
}
