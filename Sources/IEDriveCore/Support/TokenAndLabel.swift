/// A state spelled two ways: its token (the raw value, `BitLockerKeyInvalid`) and the label
/// people read ("BitLocker key invalid").
public protocol TokenAndLabel: RawRepresentable, CaseIterable where RawValue == String {
    var label: String { get }
}

extension TokenAndLabel {
    /// The case whose token or label is `text`, case-insensitively.
    public init?(tokenOrLabel text: String) {
        let folded = text.lowercased()
        guard let match = Self.allCases.first(where: {
            $0.rawValue.lowercased() == folded || $0.label.lowercased() == folded
        }) else { return nil }
        self = match
    }
}
