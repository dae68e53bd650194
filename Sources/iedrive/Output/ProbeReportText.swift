import IEDriveCore

/// The human rendering of a probe: a summary line, the partition table, every signature,
/// udev facts and the verdict, aligned like lsblk.
enum ProbeReportText {
    static func render(_ report: ProbeReport, verdict: DriveVerdict) -> String {
        var lines: [String] = []
        let source = report.source == .blockDevice ? "block device" : "image file"
        lines.append("\(report.path): \(source), \(ByteCountFormat.binary(report.size)) (\(report.size) bytes), \(report.sectorSize)-byte sectors")

        if let device = report.device {
            lines.append("device: " + deviceLine(device))
        }

        if let table = report.partitionTable {
            var line = "partition table: \(table)"
            if let uuid = report.partitionTableUUID { line += " \(uuid)" }
            line += ", \(report.partitions.count) partition\(report.partitions.count == 1 ? "" : "s")"
            lines.append(line)
            if let damage = report.partitionTableDamage { lines.append("  DAMAGED: \(damage)") }
        } else {
            lines.append("partition table: none")
        }

        if !report.partitions.isEmpty {
            var table = TextTable(["NR", "OFFSET", "SIZE", "TYPE", "NAME", "UUID"],
                                  alignments: [.right, .right, .right, .left, .left, .left])
            for partition in report.partitions {
                table.add([String(partition.number), String(partition.offset),
                           ByteCountFormat.binary(partition.size),
                           partition.type + (partition.isExtended ? " (extended)" : ""),
                           partition.label ?? "-", partition.uuid ?? "-"])
            }
            lines.append("")
            lines.append(table.render())
        }

        lines.append("")
        if report.volumes.isEmpty {
            lines.append("volumes: none recognised")
        } else {
            var table = TextTable(["WHERE", "OFFSET", "TYPE", "USAGE", "VERSION", "LABEL", "UUID"],
                                  alignments: [.left, .right, .left, .left, .left, .left, .left])
            for volume in report.volumes {
                var type = volume.type ?? "?"
                if volume.isBitLockerToGo == true { type += " (To Go)" }
                if volume.ambivalent { type += " (ambivalent)" }
                if volume.badChecksum { type += " (bad checksum)" }
                table.add([volume.partition.map { "part \($0)" } ?? "disk", String(volume.offset), type,
                           volume.usage ?? "-", volume.version ?? "-", volume.label ?? "-", volume.uuid ?? "-"])
            }
            lines.append(table.render())
        }

        lines.append("")
        if verdict.acceptable {
            lines.append("verdict: acceptable: \(verdict.reason)")
        } else {
            lines.append("verdict: NOT acceptable: \(verdict.failure?.label ?? "rejected"): \(verdict.reason)")
        }
        return lines.joined(separator: "\n")
    }

    private static func deviceLine(_ device: DeviceFacts) -> String {
        var parts = ["\(device.sysname) (\(device.devnum))"]
        if let number = device.partitionNumber, let parent = device.parentSysname {
            parts.append("partition \(number) of \(parent)")
        }
        if let diskseq = device.diskseq { parts.append("diskseq \(diskseq)") }
        if let serial = device.serial { parts.append("serial \(serial)") }
        let maker = [device.vendor, device.model].compactMap { $0 }.joined(separator: " ")
        if !maker.isEmpty { parts.append(maker) }
        if let bus = device.bus { parts.append("bus \(bus)") }
        if let wwn = device.wwn { parts.append("wwn \(wwn)") }
        if let backing = device.backingFile {
            parts.append("backing file \(backing)" + ((device.loopOffset ?? 0) > 0 ? " at offset \(device.loopOffset!)" : ""))
        }
        if device.readOnly == true { parts.append("read-only") }
        if device.removable == true { parts.append("removable") }
        if !device.udevInitialized { parts.append("not initialised by udev") }
        if !device.mountpoints.isEmpty { parts.append("MOUNTED at " + device.mountpoints.joined(separator: ", ")) }
        return parts.joined(separator: ", ")
    }
}
