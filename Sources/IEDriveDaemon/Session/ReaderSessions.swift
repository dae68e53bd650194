public import IEDriveCore
public import IEDriveVolumes

/// Drive sessions in the product: each drive opened in its own reader process
/// (``ReaderClient``: unprivileged, the device handed over read-only), unlocked and mounted
/// there, and that process stopped and reaped on every way out of the session — a clean end
/// closes it and waits for it; a throw, a cancellation or a stop kills it first.
public struct ReaderSessions: DriveSessions {
    /// How readers run; `mappedReads` is taken from each request.
    public let reader: ReaderConfiguration

    public init(reader: ReaderConfiguration) {
        self.reader = reader
    }

    public func withOpenedDrive<T>(_ request: DriveSessionRequest, stop: StopSignal?,
                                   _ body: (OpenedDrive) async throws -> T) async throws -> (value: T, reader: ReaderUsage) {
        let plan = try DriveProbe.plan(request)
        var configuration = reader
        configuration.mappedReads = request.mappedReads
        let client: ReaderClient
        do {
            client = try await ReaderClient.launch(devicePath: request.devicePath, configuration: configuration)
        } catch let failure as ReaderFailure {
            throw DriveOpeningError.drive(DriveFailure(failure))
        } catch let error as ReaderLaunchError {
            if case .deviceOpen = error.reason { throw DriveOpeningError.host(error.description, .device) }
            throw DriveOpeningError.host(error.description, .reader)
        } catch {
            throw DriveOpeningError.host("\(error)", .reader)
        }
        let stopToken = stop?.onStop { client.kill() }
        defer { if let stopToken { stop?.cancel(stopToken) } }
        let value: T
        do {
            let info: VolumeInfo
            do {
                info = try await client.open(plan.opening)
            } catch let failure as ReaderFailure {
                throw DriveOpeningError.drive(DriveFailure(failure))
            } catch {
                throw DriveOpeningError.host("\(error)", .reader)
            }
            let drive = OpenedDrive(report: plan.report, verdict: plan.verdict, info: info, volume: client)
            value = try await withTaskCancellationHandler {
                try await body(drive)
            } onCancel: {
                client.kill()
            }
        } catch {
            client.kill()
            _ = await client.close()
            throw error
        }
        let exit = await client.close()
        return (value, ReaderUsage(exitStatus: exit.status, peakResidentBytes: exit.peakResidentBytes, cpuSeconds: exit.cpuSeconds))
    }
}
