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
        .executable(name: "iedrive-reader", targets: ["iedrive-reader"]),
        .executable(name: "iedrive-writer", targets: ["iedrive-writer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The TCP API's TLS (HummingbirdTLS); already in Hummingbird's graph.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        // Already in Hummingbird's graph; named for the listeners' connection-limit handler.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Errno, the one typed errno of IEDriveSystem.
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // The S3 target's HTTP client (SigV4 is ours: no S3 SDK is available).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // C libraries, one system-library target each (module.modulemap + shim.h).
        .systemLibrary(name: "CBlkid", pkgConfig: "blkid", providers: [.apt(["libblkid-dev"])]),
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),
        // libdislocker ships no .pc file: its module map says `link "dislocker"`.
        .systemLibrary(name: "CDislocker", providers: [.apt(["libdislocker0-dev"])]),
        .systemLibrary(name: "CNTFS3G", pkgConfig: "libntfs-3g", providers: [.apt(["ntfs-3g-dev"])]),
        // The reader's C: the dis_open and SHA-256 interposers, the read-only libntfs-3g device, the
        // directory collector, log routing.
        .target(
            name: "CReaderSupport",
            linkerSettings: [.linkedLibrary("ntfs-3g"), .linkedLibrary("dislocker"), .linkedLibrary("crypto")]
        ),

        // The BitLocker writer's crypto: OpenSSL's XTS-AES, AES-CCM, SHA-256 and CSPRNG behind
        // plain C functions (no OpenSSL type crosses into Swift).
        .target(name: "CBitLockerCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        // The drive writer's C: a plaintext view of an encrypted (or plain) volume over a
        // descriptor, and libntfs-3g mounted read-write on it.
        .target(name: "CWriterSupport", linkerSettings: [.linkedLibrary("ntfs-3g"), .linkedLibrary("crypto")]),

        // The C half of IEDriveSystem: glibc's _GNU_SOURCE-only calls and constants (syncfs,
        // renameat2, pipe2, F_SETPIPE_SZ, O_DIRECT, addclosefrom_np), variadic prctl, mallopt,
        // posix_spawn with exact descriptors, thread names.
        .target(name: "CSystemSupport"),

        // The one place system calls are made: a funnel that retries EINTR, a typed errno
        // (swift-system's Errno) and a fault hook for tests.
        .target(
            name: "IEDriveSystem",
            dependencies: ["CSystemSupport", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strict
        ),

        // Values, rules and protocols (volume reading, drive sessions, storage target, copy
        // journal, the service protocols of the HTTP faces): no C, no I/O.
        .target(name: "IEDriveCore", swiftSettings: strict),
        // udev facts and libblkid probing → IEDriveCore values.
        .target(name: "IEDriveDevices", dependencies: ["IEDriveCore", "IEDriveSystem", "CBlkid", "CUdev"], swiftSettings: strict),
        // Drive manifest, blob list, metadata/properties files and DriveLog XML: our own bounded
        // streaming XML reader (no libxml2), validation rules → IEDriveCore values.
        .target(name: "IEDriveManifest", dependencies: ["IEDriveCore"], swiftSettings: strict),
        // BitLocker unlock (libdislocker) and read-only NTFS (libntfs-3g), and the reader
        // protocol's server side, run by iedrive-reader in its own unprivileged process.
        .target(
            name: "IEDriveNTFS",
            dependencies: ["IEDriveCore", "IEDriveSystem", "CDislocker", "CNTFS3G", "CReaderSupport"],
            swiftSettings: strict
        ),

        // BitLocker volumes of our own: recovery passwords, FVE metadata (keys sealed with
        // AES-CCM), the boot sector, and sectors written with XTS-AES (CBitLockerCrypto).
        .target(
            name: "IEDriveBitLocker",
            dependencies: ["IEDriveCore", "IEDriveSystem", "CBitLockerCrypto"],
            swiftSettings: strict
        ),
        // An export drive's content, with no C: which blobs, files and side files, the manifest
        // (DriveExporter), written through a DriveFileWriter — in production the per-drive writer
        // process (WriterProcessClient, the framed WriterWire protocol).
        .target(
            name: "IEDriveExport",
            dependencies: [
                "IEDriveCore", "IEDriveSystem", "IEDriveManifest", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The writer process's side (linked only into iedrive-writer): the BitLocker volume,
        // NTFS made on it and written with libntfs-3g, the request server and sandbox.
        .target(
            name: "IEDriveDriveWriter",
            dependencies: ["IEDriveCore", "IEDriveSystem", "IEDriveBitLocker", "IEDriveExport", "CWriterSupport"],
            swiftSettings: strict
        ),

        // The parent's side of the reader process: spawn it with the device descriptor, talk
        // the framed protocol over pipes (a thread each), watchdog, exit status, the drive descriptor.
        .target(name: "IEDriveVolumes", dependencies: ["IEDriveCore", "IEDriveSystem"], swiftSettings: strict),
        // The read pipeline (requests ahead, pieces, MD5, lanes) with verify and the copy engine
        // on it (staging, group commit, publish), and the local directory storage target.
        .target(
            name: "IEDriveCopy",
            dependencies: ["IEDriveCore", "IEDriveSystem", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // SQLite state (GRDB, WAL): the copy journal; jobs, drives and events, recovery keys sealed
        // with the host key (swift-crypto AES-GCM).
        .target(
            name: "IEDriveStore",
            dependencies: [
                "IEDriveCore", "IEDriveSystem", "IEDriveStorageAccounts", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The ARM `Microsoft.ImportExport` JSON surface as values: api-versions, request bodies →
        // Core requests, jobs → resources, error envelopes, views for the CLI. No HTTP.
        .target(name: "IEDriveAPI", dependencies: ["IEDriveCore"], swiftSettings: strict),
        // The composition root and a drive's trip, written once: intake → session (probe, reader,
        // unlock) → manifest → copy → logs → state; the services and their configuration.
        .target(
            name: "IEDriveDaemon",
            dependencies: [
                "IEDriveCore", "IEDriveDevices", "IEDriveVolumes", "IEDriveManifest", "IEDriveCopy", "IEDriveStore",
                "IEDriveAPI", "IEDriveServer", "IEDriveSystem", "IEDriveStorageAccounts", "IEDriveS3Target", "IEDriveExport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict
        ),
        // The daemon's HTTP faces (Hummingbird): the control socket and the TCP API — routes over
        // the Core service protocols, no stage module.
        .target(
            name: "IEDriveServer",
            dependencies: [
                "IEDriveCore", "IEDriveAPI", "IEDriveSystem", "IEDriveStorageAccounts", "IEDriveManifest",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                // The listeners' connection limits: a channel handler after the HTTP codec.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                // /metrics: swift-metrics (Hummingbird's MetricsMiddleware) into a Prometheus registry.
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Storage accounts as the Azure Blob service sees them: account keys, and Shared Key and
        // SAS authorization of a request (HMAC-SHA256, swift-crypto). Values and rules, no HTTP.
        .target(
            name: "IEDriveStorageAccounts",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // An S3 client of one bucket: SigV4 (swift-crypto), async-http-client, retries with
        // jittered backoff, multipart with Content-MD5; answers read with IEDriveManifest's
        // bounded XML reader.
        .target(
            name: "IEDriveS3",
            dependencies: [
                "IEDriveManifest",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The storage target's side of an S3 bucket: blob paths → keys (long names hashed),
        // properties and metadata ↔ S3 headers.
        .target(
            name: "IEDriveS3Target",
            dependencies: [
                "IEDriveCore", "IEDriveS3", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // A small HTTP/1.1 client over a unix socket or TCP, for the CLI's client commands.
        .target(name: "IEDriveClient", dependencies: ["IEDriveCore", "IEDriveSystem"], swiftSettings: strict),

        // The command-line tool: parse, call, print.
        .executableTarget(
            name: "iedrive",
            dependencies: [
                "IEDriveCore", "IEDriveDevices", "IEDriveDaemon", "IEDriveManifest", "IEDriveVolumes",
                "IEDriveExport", "IEDriveCopy", "IEDriveStore", "IEDriveSystem", "IEDriveServer", "IEDriveClient", "IEDriveAPI",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // The per-drive reader process (fd 3 device, 4 requests, 5 replies); not for people.
        .executableTarget(name: "iedrive-reader", dependencies: ["IEDriveNTFS", "IEDriveCore", "IEDriveSystem"], swiftSettings: strict),
        // The per-drive writer process of exports (fd 3 device, 4 requests, 5 replies); not for people.
        .executableTarget(
            name: "iedrive-writer",
            dependencies: ["IEDriveDriveWriter", "IEDriveBitLocker", "IEDriveExport", "IEDriveCore", "IEDriveSystem"],
            swiftSettings: strict
        ),

        // Test helpers: loop devices that always detach, test drives, fixtures, the built binary.
        // Named fakes (an in-memory volume and drive) for the root-free tiers.
        .target(
            name: "IEDriveTestSupport",
            dependencies: ["IEDriveCore", "IEDriveSystem", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),

        .testTarget(name: "IEDriveCoreTests", dependencies: ["IEDriveCore"], swiftSettings: strict),
        .testTarget(
            name: "IEDriveDriveWriterTests",
            // IEDriveCopy: a local directory target as the export's source, filled through its
            // staging and publish (@testable).
            dependencies: ["IEDriveDriveWriter", "IEDriveExport", "IEDriveBitLocker", "IEDriveNTFS", "IEDriveCopy",
                           "IEDriveCore", "IEDriveTestSupport"],
            swiftSettings: strict
        ),

        .testTarget(
            name: "IEDriveSystemTests",
            // IEDriveCopy: an injected fault must reach the local directory target's callers
            // as the TargetError its errno means.
            dependencies: ["IEDriveSystem", "IEDriveCopy", "IEDriveCore", "IEDriveTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IEDriveDevicesTests",
            dependencies: ["IEDriveDevices", "IEDriveCore", "IEDriveTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "IEDriveAPITests", dependencies: ["IEDriveAPI", "IEDriveCore"], swiftSettings: strict),
        .testTarget(name: "IEDriveStorageAccountsTests", dependencies: ["IEDriveStorageAccounts"], swiftSettings: strict),
        .testTarget(
            name: "IEDriveS3TargetTests",
            dependencies: ["IEDriveS3Target", "IEDriveS3", "IEDriveCore", "IEDriveTestSupport", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IEDriveS3Tests",
            // The signer on Amazon's published examples; the client against the Ceph RGW the
            // test command starts (IEDriveTestSupport.TestRGW).
            dependencies: [
                "IEDriveS3", "IEDriveTestSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "IEDriveManifestTests", dependencies: ["IEDriveManifest", "IEDriveCore"], swiftSettings: strict),
        .testTarget(
            name: "IEDriveNTFSTests",
            dependencies: ["IEDriveNTFS", "IEDriveCore", "IEDriveTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IEDriveCopyTests",
            dependencies: ["IEDriveCopy", "IEDriveCore", "IEDriveTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IEDriveStoreTests",
            // GRDB: tests read and alter rows by hand (a moved key, row counts).
            dependencies: [
                "IEDriveStore", "IEDriveCore", "IEDriveStorageAccounts", "IEDriveTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IEDriveVolumesTests",
            dependencies: ["IEDriveVolumes", "IEDriveCore", "IEDriveTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IEDriveDaemonTests",
            dependencies: [
                "IEDriveDaemon", "IEDriveServer", "IEDriveCore", "IEDriveStore", "IEDriveCopy", "IEDriveTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IEDriveServerTests",
            // The routes in process (Hummingbird's test client) over the daemon the composition
            // root builds from an in-memory store: no root, no binary.
            dependencies: [
                "IEDriveServer", "IEDriveDaemon", "IEDriveCore", "IEDriveCopy", "IEDriveStore", "IEDriveTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "iedriveTests",
            // IEDriveCopy: the import tests read blobs back through the target's own API.
            // IEDriveClient: the API contract tests speak HTTP to a running daemon.
            // IEDriveS3: the S3 import tests read the bucket back with the client.
            dependencies: ["iedrive", "IEDriveCore", "IEDriveCopy", "IEDriveTestSupport", "IEDriveClient", "IEDriveS3"],
            swiftSettings: strict
        ),
    ]
)

// Fuzzing (scripts/fuzz): libFuzzer targets over the parsers. They exist only when scripts/fuzz
// sets IEDRIVE_FUZZ=1, which it does for its own scratch path (.build-fuzz) alone, building with
// -sanitize=fuzzer,address; the package is then just the fuzzed modules and the targets, so
// nothing else is resolved or built. The normal build and `swift build --build-tests` never
// see them. Each target is a Swift library defining LLVMFuzzerTestOneInput, run by a C
// executable whose main() is libFuzzer's (why C: Sources/Fuzz/fuzz-json/fuzz-json.c).
if Context.environment["IEDRIVE_FUZZ"] == "1" {
    let fuzzed = ["IEDriveCore", "IEDriveManifest", "IEDriveAPI"]
    // program (scripts/fuzz's target name with `fuzz-`), Swift module, what it fuzzes
    let fuzzers: [(program: String, module: String, dependencies: [Target.Dependency])] = [
        ("fuzz-xml-manifest", "FuzzXMLManifest", ["IEDriveManifest", "IEDriveCore"]),
        ("fuzz-xml-bloblist", "FuzzXMLBlobList", ["IEDriveManifest", "IEDriveCore"]),
        ("fuzz-xml-drivelog", "FuzzXMLDriveLog", ["IEDriveManifest", "IEDriveCore"]),
        ("fuzz-xml-attachments", "FuzzXMLAttachments", ["IEDriveManifest", "IEDriveCore"]),
        ("fuzz-json", "FuzzJSON", ["IEDriveAPI", "IEDriveCore"]),
        ("fuzz-wire", "FuzzWire", ["IEDriveCore"]),
    ]
    package.dependencies = []
    package.products = fuzzers.map { .executable(name: $0.program, targets: [$0.program]) }
    package.targets = package.targets.filter { fuzzed.contains($0.name) }
        + [.target(name: "FuzzSupport", path: "Sources/Fuzz/FuzzSupport", swiftSettings: strict)]
        + fuzzers.flatMap { fuzzer -> [Target] in [
            .target(name: fuzzer.module, dependencies: ["FuzzSupport"] + fuzzer.dependencies,
                    path: "Sources/Fuzz/\(fuzzer.module)", swiftSettings: strict),
            .executableTarget(name: fuzzer.program, dependencies: [.target(name: fuzzer.module)],
                              path: "Sources/Fuzz/\(fuzzer.program)"),
        ] }
}
