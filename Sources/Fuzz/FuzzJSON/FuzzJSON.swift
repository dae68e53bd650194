import FuzzSupport
import IEDriveAPI
import IEDriveCore

// libFuzzer target: the API's JSON parser (JSONParser) and what reads its documents: the PUT
// and PATCH body decoders of every api-version, the client's views of job resources, lists,
// keys and summaries, and ARM error envelopes.
//
// Properties checked on every input, besides "does not crash, hang or run out of memory":
// * a parsed document, written by the daemon's own serializer (JSONValue, compact and
//   pretty) and parsed again, is the same document (numbers compared by value);
// * the depth limit refuses exactly the documents nested deeper than it, with `tooDeep`;
// * summaries and ARM errors read from a body, written again and read back, are unchanged.

/// The daemon's JSONValue for a parsed document.
func value(_ input: JSONInput) -> JSONValue {
    switch input {
    case .null: .null
    case .bool(let flag): .bool(flag)
    case .integer(let number): .int(number)
    case .number(let number): .double(number)
    case .string(let text): .string(text)
    case .array(let items): .array(items.map(value))
    case .object(let members): .object(members.map { ($0.key, value($0.value)) })
    }
}

/// Equal documents, an integer and a double of the same value counting as equal: the
/// serializer writes a whole double as an integer literal.
func same(_ a: JSONInput, _ b: JSONInput) -> Bool {
    switch (a, b) {
    case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)): Double(x) == y
    case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy(same)
    case (.object(let x), .object(let y)):
        x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
    default: a == b
    }
}

/// Nesting depth as JSONLimits counts it: a scalar is 0, `[]` and `{}` are 1.
func depth(_ input: JSONInput) -> Int {
    switch input {
    case .array(let items): 1 + (items.map(depth).max() ?? 0)
    case .object(let members): 1 + (members.map { depth($0.value) }.max() ?? 0)
    default: 0
    }
}

func parse(_ bytes: [UInt8], limits: JSONLimits = .default) -> Result<JSONInput, JSONDecodingError> {
    Result { () throws(JSONDecodingError) in try JSONParser.parse(bytes, limits: limits) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, count)
    let parsed = parse(bytes)

    // The readers of the API and the client: only "no crash" here, their rules have unit tests.
    for version in APIVersion.allCases {
        let decoder = JobRequestDecoder(version: version, makeIdentifier: { "00000000-0000-0000-0000-000000000000" })
        _ = try? decoder.creation(scope: JobScope(subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "fuzz"),
                                  jobName: "fuzz-job", body: bytes)
        _ = try? decoder.patch(body: bytes)
    }
    _ = try? JobResourceView(body: bytes)
    _ = try? JobListView(body: bytes)
    _ = try? BitLockerKeyListView(body: bytes)
    _ = try? JobSummary.decodeList(bytes)
    if let summary = try? JobSummary(body: bytes) {
        fuzzCheck((try? JobSummary(body: summary.json.body)) == summary, "a job summary changed in a round trip")
    }
    if let error = ARMError(body: bytes, httpStatus: 400) {
        fuzzCheck(ARMError(body: error.body, httpStatus: 400) == error, "an ARM error changed in a round trip")
    }

    guard case .success(let document) = parsed else {
        if case .failure(let error) = parsed {
            fuzzCheck(error.kind == .syntax || error.kind == .tooDeep, "the parser failed with \(error.kind): \(error)")
        }
        return 0
    }
    for pretty in [false, true] {
        let text = value(document).serialized(pretty: pretty)
        switch parse(Array(text.utf8)) {
        case .success(let again):
            fuzzCheck(same(document, again), "a document changed in a round trip (pretty: \(pretty)):\n\(text)")
        case .failure(let error):
            fuzzFailure("the serializer wrote what the parser refuses (\(error)):\n\(text)")
        }
    }
    let limit = 3
    let nesting = depth(document)
    switch parse(bytes, limits: JSONLimits(maximumDepth: limit)) {
    case .success(let again):
        fuzzCheck(nesting <= limit && again == document, "depth limit \(limit) accepted a document \(nesting) deep")
    case .failure(let error):
        fuzzCheck(nesting > limit && error.kind == .tooDeep, "depth limit \(limit) refused a document \(nesting) deep: \(error)")
    }
    return 0
}
