import IEDriveDevices
import Testing

/// The event-source rule on its own (stopping a udevd we did not start is not an option,
/// so the "no udevd" branch of `automatic` is tested here, and the kernel source itself
/// by the loop-device tests with `.kernel`).
@Suite struct MonitorSourceSelectionTests {
    @Test func automaticFollowsUdevd() {
        #expect(MonitorSourceSelection.select(.automatic, udevdAnswers: true).source == .udev)
        let fallback = MonitorSourceSelection.select(.automatic, udevdAnswers: false)
        #expect(fallback.source == .kernel)
        #expect(fallback.reason.contains("/run/udev/control"))
    }

    @Test func explicitSourceIsKept() {
        #expect(MonitorSourceSelection.select(.udev, udevdAnswers: false).source == .udev)
        #expect(MonitorSourceSelection.select(.kernel, udevdAnswers: true).source == .kernel)
    }
}
