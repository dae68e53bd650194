import FuzzSupport
import IEDriveCore
import IEDriveManifest

// libFuzzer target: the metadata and properties files a manifest's blobs refer to
// (MetadataFile, PropertiesFile), read with the streaming XML reader.
//
// Properties checked on every input, besides "does not crash, hang or run out of memory":
// * accepted metadata keeps its promises: valid names, unique case-insensitively, values
//   without control characters, at most MetadataName.maxTotalBytes in all;
// * strict properties only add refusals of unknown elements: what strict accepts, lenient
//   accepts the same;
// * every refusal is XmlReadFailed, the one status these files fail with (§4).

let tight = XMLLimits(maxDocumentBytes: 1 << 30, maxDepth: 2, maxNameBytes: 16, maxAttributes: 2,
                      maxAttributeValueBytes: 40, maxTextBytes: 64, maxMarkupBytes: 96)

func checkMetadata(_ result: Result<BlobMetadata, FileProblem>) {
    switch result {
    case .success(let metadata):
        var names: Set<String> = []
        for pair in metadata.pairs {
            fuzzCheck(MetadataName.isValid(pair.name), "accepted metadata name '\(pair.name)'")
            fuzzCheck(MetadataName.isValidValue(pair.value), "accepted a metadata value with a control character")
            fuzzCheck(names.insert(pair.name.lowercased()).inserted, "accepted metadata name '\(pair.name)' twice")
        }
        fuzzCheck(metadata.totalBytes <= MetadataName.maxTotalBytes, "accepted \(metadata.totalBytes) bytes of metadata")
    case .failure(let problem):
        fuzzCheck(problem.status == .xmlReadFailed, "a metadata file failed with \(problem.status)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLAttachments(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, count)
    checkMetadata(MetadataFile.parse(bytes))
    checkMetadata(MetadataFile.parse(bytes, limits: tight))

    let lenient = PropertiesFile.parse(bytes)
    let strict = PropertiesFile.parse(bytes, strict: true)
    for result in [lenient, strict, PropertiesFile.parse(bytes, limits: tight)] {
        if case .failure(let problem) = result {
            fuzzCheck(problem.status == .xmlReadFailed, "a properties file failed with \(problem.status)")
        }
    }
    if case .success(let accepted) = strict {
        fuzzCheck(lenient == .success(accepted), "strict accepted properties that lenient reads differently")
    }
    return 0
}
