public import Testing

/// Conditions a test states up front; a skipped test says why.
extension Trait where Self == ConditionTrait {
    /// Root and loop devices (the loop-device tier).
    public static var requiresLoopDevices: Self {
        .enabled(if: TestEnvironment.canAttachLoopDevices,
                 "needs root and /dev/loop-control to attach loop devices (run scripts/test as root)")
    }

    /// Root, to build drive images (mkntfs, ntfs-3g and dislocker-fuse mounts).
    public static var requiresRoot: Self {
        .enabled(if: TestEnvironment.isRoot, "needs root to build drive images (run scripts/test as root)")
    }

    /// The BitLocker fixtures of ../shared/fixtures (or $IEDRIVE_FIXTURES).
    public static var requiresFixtures: Self {
        .enabled(if: Fixtures.available, Comment(rawValue: Fixtures.skipReason))
    }

    /// FUSE mounts, for `FaultFS`: /dev/fuse and fusermount3 (cc and libfuse3-dev build faultfs).
    public static var requiresFUSE: Self {
        .enabled(if: TestEnvironment.canMountFUSE, "needs /dev/fuse and fusermount3 (apt-get install fuse3 libfuse3-dev)")
    }

    /// A running udevd (scripts/test starts one).
    public static var requiresUdevd: Self {
        .enabled(if: TestEnvironment.udevdRunning, "needs a running systemd-udevd (scripts/test starts one)")
    }
}
