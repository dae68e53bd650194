/// The held-drive workflow of states.md §7 rule 3, as pure steps on a `HeldShipment`.
public struct HeldShipmentLifecycle: Sendable {
    public var configuration: LifecycleConfiguration

    public init(configuration: LifecycleConfiguration = LifecycleConfiguration()) {
        self.configuration = configuration
    }

    /// Drives arrived that cannot be processed; the 14-day contact window starts.
    public func hold(driveIds: [String], trackingNumber: String? = nil, intendedJobName: String? = nil,
                     at now: Instant) -> (HeldShipment, HeldShipmentEvent) {
        let shipment = HeldShipment(driveIds: driveIds, trackingNumber: trackingNumber,
                                    intendedJobName: intendedJobName, arrivedAt: now,
                                    status: .awaitingCustomer, deadline: now + configuration.heldDrivesContact)
        return (shipment, HeldShipmentEvent(at: now, .held))
    }

    /// The customer's job reached `Shipping`: the drives become its package (the caller then
    /// calls `JobLifecycle.packageDelivered`). Possible until the drives were sent back.
    public func claim(_ shipment: HeldShipment, jobName: String, at now: Instant) throws(LifecycleRefusal) -> (HeldShipment, HeldShipmentEvent) {
        guard shipment.status == .awaitingCustomer || shipment.status == .returnDue else {
            throw refusal(shipment, "claimed")
        }
        var shipment = shipment
        shipment.status = .claimed
        shipment.deadline = nil
        shipment.intendedJobName = jobName
        return (shipment, HeldShipmentEvent(at: now, .claimed(jobName: jobName)))
    }

    /// The drives were returned to the sender.
    public func returned(_ shipment: HeldShipment, at now: Instant) throws(LifecycleRefusal) -> (HeldShipment, HeldShipmentEvent) {
        guard shipment.status == .returnDue || shipment.status == .returnFailed else { throw refusal(shipment, "returned") }
        var shipment = shipment
        shipment.status = .returned
        shipment.deadline = nil
        return (shipment, HeldShipmentEvent(at: now, .returned))
    }

    /// The return failed (the customer cannot be reached): destruction in 90 days.
    public func returnFailed(_ shipment: HeldShipment, at now: Instant) throws(LifecycleRefusal) -> (HeldShipment, HeldShipmentEvent) {
        guard shipment.status == .returnDue else { throw refusal(shipment, "marked as a failed return") }
        var shipment = shipment
        shipment.status = .returnFailed
        shipment.deadline = now + configuration.heldDrivesDestruction
        return (shipment, HeldShipmentEvent(at: now, .returnFailed))
    }

    /// Fire the due timer, if any, at its deadline: contact window over → return due; 90 days
    /// after a failed return → destroyed.
    public func advance(_ shipment: HeldShipment, to now: Instant) -> (HeldShipment, [HeldShipmentEvent]) {
        guard let deadline = shipment.deadline, deadline <= now else { return (shipment, []) }
        var shipment = shipment
        shipment.deadline = nil
        switch shipment.status {
        case .awaitingCustomer:
            shipment.status = .returnDue
            return (shipment, [HeldShipmentEvent(at: deadline, .contactWindowExpired)])
        case .returnFailed:
            shipment.status = .destroyed
            return (shipment, [HeldShipmentEvent(at: deadline, .destroyed)])
        case .claimed, .returnDue, .returned, .destroyed:
            return (shipment, [])
        }
    }

    private func refusal(_ shipment: HeldShipment, _ action: String) -> LifecycleRefusal {
        LifecycleRefusal(.invalidShipmentState, "A held shipment that is '\(shipment.status.rawValue)' cannot be \(action).")
    }
}
