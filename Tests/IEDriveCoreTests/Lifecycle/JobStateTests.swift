import IEDriveCore
import Testing

@Suite struct JobStateTests {
    @Test func classicStringsAreTheAPIs() {
        #expect(JobState.allCases.map(\.classic) ==
            ["Creating", "Shipping", "Received", "Transferring", "Packaging", "Completed", "Closed", "Canceled"])
    }

    @Test func canceledSpellingIsConfigurable() {
        #expect(JobState.canceled.classic(canceledAs: .canceled) == "Canceled")
        #expect(JobState.canceled.classic(canceledAs: .completed) == "Completed")
        #expect(JobState.closed.classic(canceledAs: .completed) == "Closed")
    }

    @Test func parsesClassicCaseInsensitively() {
        #expect(JobState(classic: "transferring") == .transferring)
        #expect(JobState(classic: "CANCELED") == .canceled)
        #expect(JobState(classic: "Cancelled") == nil)
        #expect(JobState(classic: "Faulted") == nil)
    }

    /// states.md §2.2, every row.
    @Test func restingPreviewLabelOfEveryClassicState() {
        let table: [(JobState, String, String)] = [
            (.creating, "AwaitingShipmentInformation", "Awaiting shipment information"),
            (.shipping, "Shipped", "Shipped"),
            (.received, "Received", "Received"),
            (.transferring, "DataCopyInProgress", "Data copy in progress"),
            (.packaging, "PreparingToShip", "Preparing to ship"),
            (.completed, "Completed", "Completed"),
            (.closed, "ShippedToCustomer", "Shipped to customer"),
            (.canceled, "Canceled", "Canceled"),
        ]
        for (state, token, label) in table {
            #expect(state.preview.token == token, "\(state)")
            #expect(state.preview.label == label, "\(state)")
        }
    }

    /// states.md §2, every label, token and Data Box stage name.
    @Test func everyPreviewJobStatus() {
        let table: [(PreviewJobStatus, String, String, String)] = [
            (.awaitingShipmentInformation, "AwaitingShipmentInformation", "Awaiting shipment information", "AwaitingShipmentDetails"),
            (.shipped, "Shipped", "Shipped", "ShippedToAzureDC"),
            (.received, "Received", "Received", "AtAzureDC"),
            (.dataCopyInProgress, "DataCopyInProgress", "Data copy in progress", "DataCopy"),
            (.dataCopyCompletedWithErrors, "DataCopyCompletedWithErrors", "Data copy completed with errors", "CompletedWithErrors"),
            (.dataCopyCompletedWithWarnings, "DataCopyCompletedWithWarnings", "Data copy completed with warnings", "CompletedWithWarnings"),
            (.dataCopyFailed, "DataCopyFailed", "Data copy failed", "Failed_IssueDetectedAtAzureDC"),
            (.preparingToShip, "PreparingToShip", "Preparing to ship", "PreparingToShipFromAzureDC"),
            (.shippedToCustomer, "ShippedToCustomer", "Shipped to customer", "ShippedToCustomer"),
            (.completed, "Completed", "Completed", "Completed"),
            (.canceled, "Canceled", "Canceled", "Cancelled"),
        ]
        #expect(table.count == PreviewJobStatus.allCases.count)
        for (status, token, label, stage) in table {
            #expect(status.token == token)
            #expect(status.label == label)
            #expect(status.dataBoxStageName == stage)
            #expect(PreviewJobStatus(tokenOrLabel: label.uppercased()) == status)
        }
    }

    @Test func stateGroups() {
        #expect(JobState.allCases.filter(\.isTerminal) == [.completed, .closed, .canceled])
        #expect(JobState.allCases.filter(\.allowsDelete) == [.creating, .completed, .closed, .canceled])
        #expect(JobState.allCases.filter(\.isBeforePackaging) == [.creating, .shipping, .received, .transferring])
    }

    @Test func jobTypeAndLogLevelParseAnyCase() {
        #expect(JobType(apiValue: "import") == .import)
        #expect(JobType(apiValue: "EXPORT") == .export)
        #expect(JobType(apiValue: "Imports") == nil)
        #expect(JobType.import.rawValue == "Import")
        #expect(LogLevel(apiValue: "verbose") == .verbose)
        #expect(LogLevel(apiValue: "Debug") == nil)
    }
}
