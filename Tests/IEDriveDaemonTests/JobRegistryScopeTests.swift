import Foundation
@testable import IEDriveDaemon
import IEDriveCore
import IEDriveTestSupport
import Testing

/// The registry keys jobs by scope and name: two tenants side by side, lists per scope, the
/// active-job limit per subscription, events carrying the scope.
@Suite struct JobRegistryScopeTests {
    static let clock = DaemonClock(mode: .manual, simulatedStart: Instant(millisecondsSinceEpoch: 1_780_000_000_000))

    static func registry(limit: Int? = nil) -> JobRegistry {
        var configuration = LifecycleConfiguration()
        configuration.activeJobLimit = limit
        return JobRegistry(lifecycle: JobLifecycle(configuration: configuration), clock: clock,
                           persistence: InMemoryJobStore(), hub: EventHub(), jobs: [])
    }

    static func creation(_ name: String, in scope: JobScope) -> JobCreation {
        var request = JobRegistryTests.creation(name)
        request.scope = scope
        return request
    }

    @Test func twoTenantsKeepTheirOwnJobsOfTheSameName() async throws {
        let registry = Self.registry()
        let a = try await registry.put(Self.creation("shared", in: .fixture))
        let b = try await registry.put(Self.creation("SHARED", in: .otherTenant))
        #expect(a.created && b.created, "the same name in another scope is a new job")
        #expect(try await registry.jobs(in: .all).count == 2)
        #expect(try await registry.jobs(in: .resourceGroup(.otherTenant)).map(\.name) == ["SHARED"])
        #expect(try await registry.jobs(in: .subscription(JobScope.fixture.subscriptionId.uppercased())).map(\.scope) == [.fixture])
        #expect(try await registry.jobs(in: .resourceGroup(JobScope(subscriptionId: JobScope.fixture.subscriptionId,
                                                                       resourceGroup: "rg-Other"))).isEmpty)
        try await registry.delete(JobKey(scope: .otherTenant, name: "shared"))
        #expect(try await registry.jobs(in: .all).map(\.key) == [JobKey.fixture("shared")])
        await #expect(throws: LifecycleRefusal.self) { try await registry.job(JobKey(scope: .otherTenant, name: "shared")) }
    }

    @Test func theActiveJobLimitCountsOneSubscription() async throws {
        let registry = Self.registry(limit: 1)
        _ = try await registry.put(Self.creation("first", in: .fixture))
        _ = try await registry.put(Self.creation("first", in: .otherTenant))
        let sameSubscription = JobScope(subscriptionId: JobScope.fixture.subscriptionId, resourceGroup: "rg-two")
        await #expect(throws: LifecycleRefusal.self) { try await registry.put(Self.creation("second", in: sameSubscription)) }
    }

    @Test func lifecycleEventsCarryTheScope() async throws {
        let registry = Self.registry()
        let events = registry.hub.subscribe()
        _ = try await registry.put(Self.creation("evented", in: .otherTenant))
        for await event in events {
            guard case .lifecycle(_, let key, _) = event else { continue }
            #expect(key == JobKey(scope: .otherTenant, name: "evented"))
            #expect(key.scope.resourceGroup == "rg-Other")
            break
        }
    }
}
