/// How simulated time moves (`--clock real|accelerated:FACTOR|manual`).
public enum ClockMode: Sendable, Hashable, CustomStringConvertible {
    /// One simulated millisecond per real millisecond.
    case real
    /// `factor` simulated milliseconds per real millisecond (`accelerated:1440`: a day a minute).
    case accelerated(AccelerationFactor)
    /// Simulated time stands still; only explicit steps move it (tests, demos).
    case manual

    /// Reads the `--clock` value: `real`, `manual` or `accelerated:FACTOR` (FACTOR a positive
    /// decimal such as `60`, `1440` or `0.5`). Case-sensitive, like the other flags.
    public init(parsing text: String) throws(ClockModeParseError) {
        switch text {
        case "real": self = .real
        case "manual": self = .manual
        default:
            let prefix = "accelerated"
            guard text.hasPrefix(prefix) else { throw .unknownMode(text) }
            let rest = text.dropFirst(prefix.count)
            guard rest.first == ":", rest.count > 1 else { throw .missingFactor(text) }
            do {
                self = .accelerated(try AccelerationFactor(parsing: String(rest.dropFirst())))
            } catch {
                throw .badFactor(text: text, error)
            }
        }
    }

    /// The `--clock` spelling `init(parsing:)` reads back.
    public var description: String {
        switch self {
        case .real: "real"
        case .manual: "manual"
        case .accelerated(let factor): "accelerated:\(factor)"
        }
    }

    /// Simulated time elapsed while `real` elapsed in this mode: `real` unchanged, scaled by the
    /// factor (rounded down to the millisecond), or nothing for `manual`. Negative real time
    /// (a clock stepped backwards) counts as none: simulated time never runs backwards.
    public func simulatedElapsed(real: TimeSpan) -> TimeSpan {
        guard real.milliseconds > 0 else { return .zero }
        return switch self {
        case .real: real
        case .accelerated(let factor): factor.scale(real)
        case .manual: .zero
        }
    }
}

/// Why a `--clock` value did not parse.
public enum ClockModeParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownMode(String)
    case missingFactor(String)
    case badFactor(text: String, AccelerationFactorParseError)

    public var description: String {
        let shape = "use --clock real, --clock manual or --clock accelerated:FACTOR (e.g. accelerated:1440)"
        return switch self {
        case .unknownMode(let text): "'\(text)' is not a clock mode; \(shape)"
        case .missingFactor(let text): "'\(text)' needs a factor; \(shape)"
        case .badFactor(let text, let error): "'\(text)': \(error); \(shape)"
        }
    }
}
