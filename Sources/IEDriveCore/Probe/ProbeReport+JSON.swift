/// The documented `iedrive probe --json` object (README, "probe --json"). Every key is always
/// present, in this order; absent values are `null`. Add keys at the end; never rename.
extension ProbeReport {
    public static let jsonSchemaVersion = 1

    public func json(verdict: DriveVerdict) -> JSONValue {
        .object([
            ("schemaVersion", .int(Self.jsonSchemaVersion)),
            ("path", .string(path)),
            ("source", .string(source.rawValue)),
            ("size", .uint(size)),
            ("sectorSize", .int(sectorSize)),
            ("partitionTable", .string(partitionTable)),
            ("partitionTableUUID", .string(partitionTableUUID)),
            ("partitionTableDamage", .string(partitionTableDamage)),
            ("partitions", .array(partitions.map(\.json))),
            ("volumes", .array(volumes.map(\.json))),
            ("device", device?.json ?? .null),
            ("verdict", verdict.json),
        ])
    }
}

extension PartitionEntry {
    public var json: JSONValue {
        .object([
            ("number", .int(number)),
            ("offset", .uint(offset)),
            ("size", .uint(size)),
            ("type", .string(type)),
            ("label", .string(label)),
            ("uuid", .string(uuid)),
            ("extended", .bool(isExtended)),
        ])
    }
}

extension VolumeSignature {
    public var json: JSONValue {
        .object([
            ("partition", .int(partition)),
            ("offset", .uint(offset)),
            ("type", .string(type)),
            ("usage", .string(usage)),
            ("version", .string(version)),
            ("label", .string(label)),
            ("uuid", .string(uuid)),
            ("secondaryType", .string(secondaryType)),
            ("blockSize", .uint(blockSize)),
            ("magic", .string(magic)),
            ("magicOffset", .uint(magicOffset)),
            ("badChecksum", .bool(badChecksum)),
            ("ambivalent", .bool(ambivalent)),
            ("bitlockerToGo", .bool(isBitLockerToGo)),
        ])
    }
}

extension DeviceFacts {
    public var json: JSONValue {
        .object([
            ("sysname", .string(sysname)),
            ("devnode", .string(devnode)),
            ("devnum", .string(devnum)),
            ("devtype", .string(devtype)),
            ("diskseq", .uint(diskseq)),
            ("serial", .string(serial)),
            ("model", .string(model)),
            ("vendor", .string(vendor)),
            ("bus", .string(bus)),
            ("wwn", .string(wwn)),
            ("backingFile", .string(backingFile)),
            ("loopOffset", .uint(loopOffset)),
            ("readOnly", .bool(readOnly)),
            ("removable", .bool(removable)),
            ("udevInitialized", .bool(udevInitialized)),
            ("partitionNumber", .int(partitionNumber)),
            ("parent", .string(parentSysname)),
            ("mountpoints", .array(mountpoints.map(JSONValue.string))),
        ])
    }
}

extension DriveVerdict {
    public var json: JSONValue {
        .object([
            ("acceptable", .bool(acceptable)),
            ("state", .string(failure?.label)),
            ("token", .string(failure?.rawValue)),
            ("reason", .string(reason)),
            ("partition", .int(partition)),
            ("volumeOffset", .uint(volumeOffset)),
        ])
    }
}
