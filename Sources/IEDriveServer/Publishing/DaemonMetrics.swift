import CoreMetrics
import Foundation
public import IEDriveCore
import Prometheus
import Synchronization

/// The daemon's Prometheus metrics (`GET /metrics`), in one collector registry that this value
/// owns: drives by Classic state and per-drive percent and bytes (read from the jobs at each
/// scrape, overlaid with live copy progress), copied bytes and the current copy rate, drive
/// failures by failure state, and — once `bootstrapMetricsSystem()` routed swift-metrics here —
/// the API's request metrics from Hummingbird's `MetricsMiddleware`. Never a key: only ids,
/// states and numbers are labels or values.
public final class DaemonMetrics: Sendable {
    let collectors = PrometheusCollectorRegistry()
    let jobs: any JobService
    let throughput = ThroughputMeter()
    private let drivesByState: [DriveState: Prometheus.Gauge]
    private let failures: [DriveFailureState: Prometheus.Counter]
    private let copiedBytes: Prometheus.Counter
    private let copyRate: Prometheus.Gauge
    private let perDrive = Mutex<PerDrive>(PerDrive())

    /// Live numbers and the gauges made for each job's drive, keyed `job/drive`.
    private struct PerDrive {
        var latest: [String: DriveProgress] = [:]
        var gauges: [String: (percent: Prometheus.Gauge, bytes: Prometheus.Gauge, total: Prometheus.Gauge)] = [:]
    }

    public init(jobs: any JobService) {
        self.jobs = jobs
        var byState: [DriveState: Prometheus.Gauge] = [:]
        for state in DriveState.allCases {
            byState[state] = collectors.makeGauge(
                descriptor: MetricNameDescriptor(namespace: "iedrive", metricName: "drives", unitName: "",
                                                 helpText: "Drives of all jobs by Classic drive state."),
                labels: [("state", state.classic)])
        }
        drivesByState = byState
        var failures: [DriveFailureState: Prometheus.Counter] = [:]
        for failure in DriveFailureState.allCases {
            failures[failure] = collectors.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "iedrive", metricName: "drive_failures", unitName: "total",
                                                 helpText: "Drives that failed since the daemon started, by failure state."),
                labels: [("failure_state", failure.rawValue)])
        }
        self.failures = failures
        copiedBytes = collectors.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "iedrive", metricName: "copied", unitName: "bytes_total",
            helpText: "Bytes copied into the target since the daemon started."))
        copyRate = collectors.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "iedrive", metricName: "copy_rate", unitName: "bytes_per_second",
            helpText: "The copy rate of all copying drives together."))
    }

    /// Routes swift-metrics (Hummingbird's request metrics) into this registry. Once per
    /// process: the daemon command calls it.
    public func bootstrapMetricsSystem() {
        var factory = PrometheusMetricsFactory(registry: collectors)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .seconds(2.5), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
    }

    /// Follows the hub until cancelled: progress feeds bytes and rate, failed drives the failure
    /// counters.
    public func follow(_ hub: EventHub) async {
        for await event in hub.subscribe(buffer: 4096) {
            switch event {
            case .progress(let progress): record(progress)
            case .lifecycle(_, let key, let event):
                guard case .driveStateChanged(let driveId, _, let to) = event.kind,
                      to == .completedMoreInfo || to == .neverReceived else { continue }
                let drive = await jobs.current(key).flatMap { job in job.driveIndex(driveId).map { job.drives[$0] } }
                if let drive, case .failure(let failure) = drive.previewStatus { failures[failure]?.increment() }
            }
        }
    }

    func record(_ progress: DriveProgress) {
        throughput.record(progress)
        let key = Self.key(progress.job, progress.driveId)
        let delta = perDrive.withLock { state -> Int64 in
            let before = state.latest[key]?.bytesSucceeded ?? 0
            state.latest[key] = progress
            return max(0, progress.bytesSucceeded - before)
        }
        if delta > 0 { copiedBytes.increment(by: delta) }
    }

    /// The exposition text, with the job-derived gauges brought up to date first.
    public func scrape() async throws -> [UInt8] {
        let all = try await jobs.jobs(in: .all)
        var counts: [DriveState: Int] = [:]
        var seen: Set<String> = []
        for job in all {
            for drive in job.drives {
                counts[drive.state, default: 0] += 1
                let key = Self.key(job.key, drive.driveId)
                seen.insert(key)
                let gauges = gauges(for: key, job: job.name, drive: drive.driveId)
                let live = perDrive.withLock { $0.latest[key] }
                if drive.state == .transferring, let live, live.bytesSucceeded >= (drive.bytesSucceeded ?? 0) {
                    gauges.percent.set(Double(live.percentComplete))
                    gauges.bytes.set(Double(live.bytesSucceeded))
                    gauges.total.set(Double(live.bytesToCopy))
                } else {
                    gauges.percent.set(Double(drive.percentComplete ?? 0))
                    gauges.bytes.set(Double(drive.bytesSucceeded ?? 0))
                    gauges.total.set(Double(drive.bytesToCopy ?? 0))
                }
            }
        }
        for (state, gauge) in drivesByState { gauge.set(Double(counts[state] ?? 0)) }
        copyRate.set(throughput.bytesPerSecond)
        forget(except: seen)
        return collectors.emitToBuffer()
    }

    private func gauges(for key: String, job: String, drive: String) -> (percent: Prometheus.Gauge, bytes: Prometheus.Gauge, total: Prometheus.Gauge) {
        perDrive.withLock { state in
            if let existing = state.gauges[key] { return existing }
            let labels = [("job", job), ("drive", drive)]
            let made = (
                percent: collectors.makeGauge(descriptor: MetricNameDescriptor(
                    namespace: "iedrive", metricName: "drive_complete", unitName: "percent",
                    helpText: "A drive's percent complete."), labels: labels),
                bytes: collectors.makeGauge(descriptor: MetricNameDescriptor(
                    namespace: "iedrive", metricName: "drive_copied", unitName: "bytes",
                    helpText: "Bytes of a drive copied so far."), labels: labels),
                total: collectors.makeGauge(descriptor: MetricNameDescriptor(
                    namespace: "iedrive", metricName: "drive_to_copy", unitName: "bytes",
                    helpText: "Bytes a drive has to copy (0 before the copy starts)."), labels: labels))
            state.gauges[key] = made
            return made
        }
    }

    /// Drops the gauges of drives whose job is gone.
    private func forget(except seen: Set<String>) {
        let gone = perDrive.withLock { state in
            let keys = state.gauges.keys.filter { !seen.contains($0) }
            let removed = keys.compactMap { state.gauges.removeValue(forKey: $0) }
            for key in keys { state.latest.removeValue(forKey: key) }
            return removed
        }
        for gauges in gone {
            collectors.unregisterGauge(gauges.percent)
            collectors.unregisterGauge(gauges.bytes)
            collectors.unregisterGauge(gauges.total)
        }
    }

    static func key(_ job: JobKey, _ drive: String) -> String { "\(ASCIICaseless.folded(job.description))/\(drive)" }
}
