/// What names one job: its scope and its name, compared without regard to the case of ASCII
/// letters (job names are ASCII, `JobName`). The same name in two scopes is two jobs.
public struct JobKey: Sendable, CustomStringConvertible {
    public var scope: JobScope
    public var name: String

    public init(scope: JobScope, name: String) {
        self.scope = scope
        self.name = name
    }

    public init(subscriptionId: String, resourceGroup: String, name: String) {
        self.init(scope: JobScope(subscriptionId: subscriptionId, resourceGroup: resourceGroup), name: name)
    }

    /// `…/resourceGroups/{group}/jobs/{name}`, for messages and logs.
    public var description: String { "\(scope)/jobs/\(name)" }

    /// A total order: subscription, resource group, then name, each ASCII case folded (the
    /// order in which timers fire, so event ids come out the same every run).
    public var sortKey: [String] {
        [ASCIICaseless.folded(scope.subscriptionId), ASCIICaseless.folded(scope.resourceGroup), ASCIICaseless.folded(name)]
    }
}

extension JobKey: Hashable {
    public static func == (a: JobKey, b: JobKey) -> Bool {
        a.scope == b.scope && ASCIICaseless.equal(a.name, b.name)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scope)
        ASCIICaseless.hash(name, into: &hasher)
    }
}

extension Job {
    /// The job's identity: its scope and name.
    public var key: JobKey { JobKey(scope: scope, name: name) }
}
