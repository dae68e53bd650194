/// Human byte counts in binary units, as lsblk prints them: `64M` style is terse, so we
/// print `64.0 MiB`, `1.0 TiB`, `512 B`.
public enum ByteCountFormat {
    public static func binary(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = (value * 10).rounded() / 10
        let text = tenths == tenths.rounded() ? "\(Int(tenths)).0" : "\(tenths)"
        return "\(text) \(units[unit])"
    }
}
