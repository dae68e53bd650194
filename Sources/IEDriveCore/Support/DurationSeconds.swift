extension Duration {
    /// The duration in seconds, fractions included (timeouts and rates want a Double).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
