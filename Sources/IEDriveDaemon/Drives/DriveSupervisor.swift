import IEDriveCore
public import Logging

/// Owns the attached drives and their pipelines: a drive runs when it is attached, its job
/// names it, and the job's record says it is ready (`Received`, or `Transferring` after a
/// restart); at most `maxConcurrent` run at once, each in its own task, so one slow, failing or
/// hung drive never holds another. Re-evaluated whenever a drive arrives or leaves, a pipeline
/// ends, or a job changes (a package's receipt makes its drives `Received`).
public actor DriveSupervisor {
    private let registry: JobRegistry
    private let pipeline: DrivePipeline
    private let maxConcurrent: Int
    private let logger: Logger
    private var attached: [String: AttachedMedium] = [:]
    private var running: [String: (task: Task<Void, Never>, stop: StopSignal)] = [:]
    /// Media already told about (extra drive, waiting): log once per attachment, not per check.
    private var reported: [String: String] = [:]
    private var accepting = true

    public init(registry: JobRegistry, pipeline: DrivePipeline, maxConcurrent: Int, logger: Logger) {
        self.registry = registry
        self.pipeline = pipeline
        self.maxConcurrent = maxConcurrent
        self.logger = logger
    }

    /// Drives in flight and attached (for STATUS= and the API).
    public var status: (running: Int, attached: Int) { (running.count, attached.count) }

    public var attachedMedia: [AttachedMedium] { attached.values.sorted { $0.devicePath < $1.devicePath } }

    public func present(_ medium: AttachedMedium) async {
        if attached[medium.key] == nil {
            logger.info("drive attached", metadata: ["drive": "\(medium.driveId)", "device": "\(medium.devicePath)"])
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
    }

    public func reevaluate() async {
        guard accepting else { return }
        for medium in attached.values.sorted(by: { $0.devicePath < $1.devicePath })
        where running[medium.key] == nil && running.count < maxConcurrent {
            guard let jobName = await readyJob(for: medium) else { continue }
            // Re-checked after the await: another reevaluation (an event, a timer) may have
            // started this medium meanwhile, the medium may have gone, or the daemon be stopping.
            guard accepting, attached[medium.key] != nil, running[medium.key] == nil,
                  running.count < maxConcurrent else { continue }
            start(medium, jobName: jobName)
        }
    }

    /// Stop taking drives, stop every running pipeline (their copies checkpoint and resume
    /// later), and wait for them.
    public func stopAll() async {
        accepting = false
        let tasks = running.values
        for entry in tasks { entry.stop.stop() }
        for entry in tasks { await entry.task.value }
    }

    private func start(_ medium: AttachedMedium, jobName: String) {
        let stop = StopSignal()
        let pipeline = self.pipeline
        let task = Task {
            await pipeline.run(jobName: jobName, medium: medium, stop: stop)
            await self.ended(medium.key)
        }
        running[medium.key] = (task, stop)
    }

    private func ended(_ key: String) async {
        running.removeValue(forKey: key)
        await reevaluate()
    }

    /// The job that should process this medium now, or nil (with a log line saying why, once).
    private func readyJob(for medium: AttachedMedium) async -> String? {
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
            guard job.type == .import else {
                report(medium, "job \(job.name) is an export job; export drives are not written by this daemon")
                return nil
            }
            reported.removeValue(forKey: medium.key)
            return job.name
        case .specified:
            report(medium, "job \(job.name) has not received its package yet (state \(job.state.classic(canceledAs: .canceled))); the drive waits")
        case .neverReceived:
            // states.md §7 rule 2: a drive that never arrived turns up; it is recovered (D5), or
            // becomes an extra drive when its job's drives have already gone back.
            let driveId = medium.driveId
            do {
                let recovered = try await registry.perform(job.name) { lifecycle, job, now in
                    try lifecycle.recoverDrive(job, driveId: driveId, at: now)
                }
                if recovered.drives[index].state == .received { return job.name }
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
