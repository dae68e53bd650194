// swift-tools-version: 6.1
// iedrive — a datacenter drive-processing simulator for Azure Import/Export.
// Module layout and import direction: see README.md ("Layout") and shared STYLE.md §10.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "iedrive",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "iedrive", targets: ["iedrive"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // C libraries, one system-library target each (module.modulemap + shim.h).
        .systemLibrary(name: "CBlkid", pkgConfig: "blkid", providers: [.apt(["libblkid-dev"])]),
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),

        // posix_spawn with exact descriptors, close-on-exec pipes, pipe sizes (_GNU_SOURCE API).
        .target(name: "CProcessSupport"),

        // Values and rules: no C, no I/O.
        .target(name: "IEDriveCore", swiftSettings: strict),
        // udev facts and libblkid probing → IEDriveCore values.
        .target(name: "IEDriveDevices", dependencies: ["IEDriveCore", "CBlkid", "CUdev"], swiftSettings: strict),
        // Drive manifest, blob list, metadata/properties files and DriveLog XML: our own bounded
        // streaming XML reader (no libxml2), validation rules → IEDriveCore values.
        .target(name: "IEDriveManifest", dependencies: ["IEDriveCore"], swiftSettings: strict),

        // The parent's side of the reader process: spawn it with the device descriptor, talk
        // the framed protocol over pipes with Dispatch I/O, watchdog, exit status.
        .target(name: "IEDriveVolumes", dependencies: ["IEDriveCore", "CProcessSupport"], swiftSettings: strict),
        // Hashing while data passes (MD5 per block or page range, concurrently), later the copy
        // engine and storage targets.
        .target(
            name: "IEDriveCopy",
            dependencies: ["IEDriveCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The pipeline, written once: probe → reader → unlock → manifest → verify/copy → logs.
        .target(
            name: "IEDriveDaemon",
            dependencies: ["IEDriveCore", "IEDriveDevices", "IEDriveVolumes", "IEDriveManifest", "IEDriveCopy"],
            swiftSettings: strict
        ),

        // The command-line tool: parse, call, print.
        .executableTarget(
            name: "iedrive",
            dependencies: [
                "IEDriveCore", "IEDriveDevices", "IEDriveDaemon", "IEDriveManifest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // Test helpers: loop devices that always detach, test drives, fixtures, the built binary.
        .target(name: "IEDriveTestSupport", dependencies: ["IEDriveCore"], swiftSettings: strict),

        .testTarget(name: "IEDriveCoreTests", dependencies: ["IEDriveCore"], swiftSettings: strict),
        .testTarget(
            name: "IEDriveDevicesTests",
            dependencies: ["IEDriveDevices", "IEDriveCore", "IEDriveTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "IEDriveManifestTests", dependencies: ["IEDriveManifest", "IEDriveCore"], swiftSettings: strict),
        .testTarget(
            name: "iedriveTests",
            dependencies: ["iedrive", "IEDriveCore", "IEDriveTestSupport"],
            swiftSettings: strict
        ),
    ]
)
