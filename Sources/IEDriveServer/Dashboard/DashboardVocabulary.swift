import IEDriveAPI
import IEDriveCore

/// The state names the dashboard shows (`?vocabulary=classic|preview`, states.md): the Classic
/// API strings, or the Preview portal's labels.
enum DashboardVocabulary: String, CaseIterable {
    case classic
    case preview

    init(query: String?) {
        self = query.flatMap { Self(rawValue: $0.lowercased()) } ?? .classic
    }

    var title: String { self == .classic ? "Classic" : "Preview" }

    func jobState(_ job: JobSummary) -> String { self == .classic ? job.classicState : job.preview.label }

    func driveState(_ drive: DriveSummary) -> String { self == .classic ? drive.state.classic : drive.preview.label }

    /// The failure state: its token (Classic `copyStatus` spelling) or its Preview label.
    func failureState(_ drive: DriveSummary) -> String? {
        drive.failureState.map { self == .classic ? $0.rawValue : $0.label }
    }
}
