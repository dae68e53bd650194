public import IEDriveCore
public import Logging
import Synchronization

/// Owns the attached drives and their trips: a drive runs when it is attached, its job names
/// it, and the job's record says it is ready (`Received`, or `Transferring` after a restart);
/// at most `maxConcurrent` run at once, each a child task of ``run()``'s task group, so one
/// slow, failing or hung drive never holds another and none outlives the supervisor.
/// Re-evaluated whenever a drive arrives or leaves, a trip ends, or a job changes (a package's
/// receipt makes its drives `Received`). An import drive runs ``DriveTrip``; an export drive
/// runs ``ExportTrip``, one drive per export job at a time (each is offered what the drives
/// before it left).
public actor DriveSupervisor: DriveFleet {
    private struct Start: Sendable {
        var medium: AttachedMedium
        var job: JobKey
        var type: JobType
        var stop: StopSignal
    }

    private let registry: JobRegistry
    private let trip: DriveTrip
    private let exportTrip: ExportTrip?
    /// The export job each running medium writes for: one drive per export job at a time (each
    /// takes what the drives before it left, ``ExportDriveInput``).
    private var exporting: [String: JobKey] = [:]
    /// Media the host could not write (``ExportTrip/End/waitForReattachment``): not started
    /// again until they are attached again, so a lasting host problem does not spin.
    private var held: Set<String> = []
    private let maxConcurrent: Int
    private let logger: Logger
    private var attached: [String: AttachedMedium] = [:]
    /// The running trips' stop signals, by medium key; readable without the actor (shutdown).
    private let running = Mutex<[String: StopSignal]>([:])
    private let accepting = Atomic<Bool>(true)
    /// Media already told about (extra drive, waiting): log once per attachment, not per check.
    private var reported: [String: String] = [:]
    private let starts: AsyncStream<Start>
    private let startSink: AsyncStream<Start>.Continuation

    public init(registry: JobRegistry, trip: DriveTrip, exportTrip: ExportTrip? = nil, maxConcurrent: Int, logger: Logger) {
        self.registry = registry
        self.trip = trip
        self.exportTrip = exportTrip
        self.maxConcurrent = maxConcurrent
        self.logger = logger
        (starts, startSink) = AsyncStream<Start>.makeStream()
    }

    /// Runs the drives' trips until ``stopAll()``: each started drive is a child task here;
    /// returns when the last one has ended.
    public func run() async {
        let trip = self.trip
        let exportTrip = self.exportTrip
        // Cancelled (the service group ends on an error): stopped as on SIGTERM, so no drive
        // is failed for a reader killed under it.
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                for await start in starts {
                    group.addTask {
                        var end = ExportTrip.End.ended
                        if start.type == .export, let exportTrip {
                            end = await exportTrip.run(job: start.job, medium: start.medium, stop: start.stop)
                        } else {
                            await trip.run(job: start.job, medium: start.medium, stop: start.stop)
                        }
                        await self.ended(start.medium.key, hold: end == .waitForReattachment)
                    }
                }
            }
        } onCancel: {
            stopAll()
        }
    }

    /// Stop taking drives and stop every running trip (copies checkpoint and resume later);
    /// ``run()`` returns once they have ended.
    public nonisolated func stopAll() {
        accepting.store(false, ordering: .sequentiallyConsistent)
        for stop in running.withLock({ Array($0.values) }) { stop.stop() }
        startSink.finish()
    }

    /// Drives in flight and attached (for STATUS= and the API).
    public var status: (running: Int, attached: Int) { (running.withLock { $0.count }, attached.count) }

    public var attachedMedia: [AttachedMedium] { attached.values.sorted { $0.devicePath < $1.devicePath } }

    public func present(_ medium: AttachedMedium) async {
        if attached[medium.key] == nil {
            logger.info("drive attached", metadata: ["drive": "\(medium.driveId)", "device": "\(medium.devicePath)"])
            held.remove(medium.key)
        }
        attached[medium.key] = medium
        await reevaluate()
    }

    /// The medium left. A running copy is not stopped here: it fails on its own if reads fail
    /// (a pulled disk), and a loop device stays readable until its reader closes it.
    public func gone(key: String) {
        if let medium = attached.removeValue(forKey: key) {
            logger.info("drive detached", metadata: ["drive": "\(medium.driveId)", "device": "\(medium.devicePath)"])
        }
        reported.removeValue(forKey: key)
        held.remove(key)
    }

    public func reevaluate() async {
        for medium in attached.values.sorted(by: { $0.devicePath < $1.devicePath }) where canStart(medium) {
            guard let (job, type) = await readyJob(for: medium) else { continue }
            // Re-checked after the await: another reevaluation (an event, a timer) may have
            // started this medium meanwhile, the medium may have gone, or the daemon be stopping.
            guard attached[medium.key] != nil, canStart(medium) else { continue }
            if type == .export {
                if exporting.values.contains(job) {
                    report(medium, "another drive of export job \(job.name) is being written; this one follows it")
                    continue
                }
                exporting[medium.key] = job
            }
            reported.removeValue(forKey: medium.key)
            start(medium, job: job, type: type)
        }
    }

    private func canStart(_ medium: AttachedMedium) -> Bool {
        accepting.load(ordering: .sequentiallyConsistent) && !held.contains(medium.key)
            && running.withLock { $0[medium.key] == nil && $0.count < maxConcurrent }
    }

    private func start(_ medium: AttachedMedium, job: JobKey, type: JobType) {
        let stop = StopSignal()
        running.withLock { $0[medium.key] = stop }
        startSink.yield(Start(medium: medium, job: job, type: type, stop: stop))
    }

    private func ended(_ key: String, hold: Bool = false) async {
        _ = running.withLock { $0.removeValue(forKey: key) }
        exporting[key] = nil
        if hold, attached[key] != nil { held.insert(key) }
        await reevaluate()
    }

    /// The job that should process this medium now, or nil (with a log line saying why, once).
    private func readyJob(for medium: AttachedMedium) async -> (JobKey, JobType)? {
        let job: Job?
        do {
            job = try await registry.owner(ofDrive: medium.driveId)
        } catch {
            logger.error("cannot read the jobs: \(error)")
            return nil
        }
        guard let job, let index = job.driveIndex(medium.driveId) else {
            report(medium, "no job lists drive \(medium.driveId); it is an extra drive and is not processed")
            return nil
        }
        let drive = job.drives[index]
        switch drive.state {
        case .received where !job.cancelRequested, .transferring:
            guard job.type == .import || exportTrip != nil else {
                report(medium, "job \(job.name) is an export job; export drives are not written by this daemon")
                return nil
            }
            return (job.key, job.type)
        case .specified:
            report(medium, "job \(job.name) has not received its package yet (state \(job.state.classic(canceledAs: .canceled))); the drive waits")
        case .neverReceived:
            // states.md §7 rule 2: a drive that never arrived turns up; it is recovered (D5), or
            // becomes an extra drive when its job's drives have already gone back.
            let driveId = medium.driveId
            do {
                let recovered = try await registry.perform(job.key) { lifecycle, job, now in
                    try lifecycle.recoverDrive(job, driveId: driveId, at: now)
                }
                if recovered.drives[index].state == .received { return (job.key, job.type) }
                report(medium, "drive \(driveId) of job \(job.name) turned up after its job's drives went back; it is an extra drive")
            } catch {
                report(medium, "drive \(driveId) of job \(job.name) is NeverReceived and cannot be recovered: \(error)")
            }
        default:
            report(medium, "drive \(medium.driveId) of job \(job.name) is \(drive.state.classic); nothing to do")
        }
        return nil
    }

    private func report(_ medium: AttachedMedium, _ message: String) {
        guard reported[medium.key] != message else { return }
        reported[medium.key] = message
        logger.notice("\(message)", metadata: ["device": "\(medium.devicePath)"])
    }
}
