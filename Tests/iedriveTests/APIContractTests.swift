import Foundation
import IEDriveClient
import IEDriveTestSupport
import Testing

/// The HTTP API against a real `iedrive daemon` on a TCP port (rest-api.md): every operation,
/// each api-version, refusals with their codes, paging to the end, the bearer-token gate, the
/// 1 MiB body limit, ARM headers, and recovery keys absent from every answer but
/// `listBitLockerKeys`.
@Suite(.requiresRoot, .requiresUdevd, .serialized)
struct APIContractTests {
    static let token = "contract-token-7f3a9c"
    static let subscription = "00000000-0000-0000-0000-000000000000"
    static let jobs = "/subscriptions/\(subscription)/resourceGroups/iedrive/providers/Microsoft.ImportExport/jobs"

    /// A daemon with the TCP API on a free loopback port, behind a token.
    static func start(_ label: String) throws -> (DaemonHarness, APICaller) {
        let harness = try DaemonHarness(label, api: "listen = \"127.0.0.1:0\"\ntokens = [\"\(token)\"]")
        try harness.start()
        return (harness, APICaller(port: try harness.apiPort(), token: token))
    }

    static func key(_ index: Int) -> String {
        (0..<8).map { String(format: "%06d", (index * 8 + $0) * 11 % 720_896) }.joined(separator: "-")
    }

    static func jobBody(drives: [String], keyBase: Int) -> [UInt8] {
        Array(DaemonHarness.importJob(drives.enumerated().map { (id: $0.element, key: key(keyBase + $0.offset),
                                                                 manifestHash: "7E1F3C0A55B2D4C6E8F90A1B2C3D4E5F") }).utf8)
    }

    static let shipping: [UInt8] = Array("""
        {"properties":{"state":"Shipping","deliveryPackage":{"carrierName":"DHL","trackingNumber":"JD1","driveCount":1,"shipDate":"6/4/2024 8:00:00 AM"}}}
        """.utf8)

    @Test func tokenRequiredOnTCPButNotOnTheControlSocket() throws {
        let (harness, api) = try Self.start("auth")
        defer { harness.stop() }
        let anonymous = APICaller(port: api.port, token: nil)
        let none = try anonymous.call("GET", "/healthz")
        #expect(none.status == 401 && none.code == "AuthenticationFailed", "\(none.text)")
        #expect(none.response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        for path in [Self.jobs + "?api-version=2021-01-01", "/iedrive/v1/jobs", "/providers/Microsoft.ImportExport/operations?api-version=2021-01-01"] {
            let wrong = try APICaller(port: api.port, token: Self.token + "x").call("GET", path)
            #expect(wrong.status == 401 && wrong.code == "AuthenticationFailed", "\(path): \(wrong.text)")
            let prefix = try APICaller(port: api.port, token: String(Self.token.dropLast())).call("GET", path)
            #expect(prefix.status == 401, "a token's prefix must not pass: \(prefix.text)")
        }
        #expect(try api.call("GET", "/healthz").status == 200)
        // The control socket needs none (its file mode protects it).
        try harness.check(["jobs", "list"])
        // The CLI over TCP with --token.
        let overTCP = try harness.cli(["jobs", "list", "--endpoint", "http://127.0.0.1:\(api.port)", "--token", Self.token])
        #expect(overTCP.status == 0, "\(overTCP)")
        let refused = try harness.cli(["jobs", "list", "--endpoint", "http://127.0.0.1:\(api.port)"])
        #expect(refused.status == 1 && refused.stderr.contains("AuthenticationFailed"), "\(refused)")
    }

    @Test func nonLoopbackListenWithoutTokensRefusesToStart() throws {
        let scratch = try TestEnvironment.temporaryDirectory("api-open")
        defer { scratch.cleanup() }
        for listen in ["0.0.0.0:0", "[::]:0"] {
            let result = try CommandRunner.run([TestEnvironment.iedriveBinary, "daemon", "--listen", listen,
                                                "--state-dir", scratch.file("state"), "--socket", scratch.file("s.sock")])
            #expect(result.status == 2, "\(listen): \(result)")
            #expect(result.stderr.contains("not a loopback address") && result.stderr.contains("tokens"), "\(result)")
        }
        let bad = try CommandRunner.run([TestEnvironment.iedriveBinary, "daemon", "--listen", "nonsense",
                                         "--state-dir", scratch.file("state")], environment: [:])
        #expect(bad.status == 2 && bad.stderr.contains("--listen"), "\(bad)")
    }

    @Test func everyOperationWithEachAPIVersion() throws {
        let (harness, api) = try Self.start("ops")
        defer { harness.stop() }
        for version in ["2016-11-01", "2020-08-01", "2021-01-01"] {
            let locations = try api.call("GET", "/providers/Microsoft.ImportExport/locations?api-version=\(version)")
            #expect(locations.status == 200 && !(locations.json["value"] as? [Any] ?? []).isEmpty, "\(locations.text)")
            let location = try api.call("GET", "/providers/Microsoft.ImportExport/locations/westeurope?api-version=\(version)")
            #expect(location.status == 200 && location.json["name"] as? String == "West Europe", "\(location.text)")
            let operations = try api.call("GET", "/providers/Microsoft.ImportExport/operations?api-version=\(version)")
            #expect(operations.status == 200 && (operations.json["value"] as? [Any])?.count == 6, "\(operations.text)")
            let job = "ops-\(version)"
            let created = try api.call("PUT", "\(Self.jobs)/\(job)?api-version=\(version)", body: Self.jobBody(drives: ["D\(version.prefix(4))"], keyBase: 1))
            #expect(created.status == 201, "\(created.text)")
            let replaced = try api.call("PUT", "\(Self.jobs)/\(job)?api-version=\(version)", body: Self.jobBody(drives: ["D\(version.prefix(4))"], keyBase: 1))
            #expect(replaced.status == 200, "\(replaced.text)")
            let got = try api.call("GET", "\(Self.jobs)/\(job)?api-version=\(version)")
            #expect(got.status == 200 && got.json["name"] as? String == job)
            #expect((got.json["systemData"] != nil) == (version != "2016-11-01"), "systemData by version \(version)")
            let patched = try api.call("PATCH", "\(Self.jobs)/\(job)?api-version=\(version)",
                                       body: Array("{\"tags\":{\"v\":\"\(version)\"},\"properties\":{\"logLevel\":\"Verbose\"}}".utf8))
            #expect(patched.status == 200 && (patched.json["tags"] as? [String: String])?["v"] == version, "\(patched.text)")
            let keys = try api.call("POST", "\(Self.jobs)/\(job)/listBitLockerKeys?api-version=\(version)")
            #expect(keys.status == 200 && keys.text.contains(Self.key(1)), "\(keys.text)")
            let deleted = try api.call("DELETE", "\(Self.jobs)/\(job)?api-version=\(version)")
            #expect(deleted.status == 200 && deleted.response.body.isEmpty)
            let gone = try api.call("GET", "\(Self.jobs)/\(job)?api-version=\(version)")
            #expect(gone.status == 404 && gone.code == "ResourceNotFound", "\(gone.text)")
        }
        let missing = try api.call("GET", Self.jobs)
        #expect(missing.status == 400 && missing.code == "MissingApiVersionParameter", "\(missing.text)")
        let unsupported = try api.call("GET", Self.jobs + "?api-version=2019-01-01")
        #expect(unsupported.status == 400 && unsupported.code == "InvalidApiVersionParameter", "\(unsupported.text)")
        let unknownRoute = try api.call("GET", "/no/such/route")
        #expect(unknownRoute.status == 404 && unknownRoute.code == "ResourceNotFound")
        let otherScope = try api.call("GET", "/subscriptions/\(Self.subscription)/resourceGroups/other/providers/Microsoft.ImportExport/jobs/x?api-version=2021-01-01")
        #expect(otherScope.status == 404 && otherScope.code == "ResourceNotFound")
        // §4 headers.
        let headed = try api.call("GET", "/healthz", headers: [("x-ms-correlation-request-id", "corr-1234")])
        #expect(headed.response.header("x-ms-correlation-request-id") == "corr-1234")
        #expect(UUID(uuidString: headed.response.header("x-ms-request-id") ?? "") != nil)
        #expect(headed.response.header("Date") != nil)
    }

    @Test func stateRulesAndSizeLimit() throws {
        let (harness, api) = try Self.start("rules")
        defer { harness.stop() }
        let path = "\(Self.jobs)/rules-1?api-version=2021-01-01"
        #expect(try api.call("PUT", path, body: Self.jobBody(drives: ["R1"], keyBase: 3)).status == 201)
        let shipped = try api.call("PATCH", path, body: Self.shipping)
        #expect(shipped.status == 200 && (shipped.json["properties"] as? [String: Any])?["state"] as? String == "Shipping", "\(shipped.text)")
        let cancel = try api.call("PATCH", path, body: Array("{\"properties\":{\"cancelRequested\":true}}".utf8))
        #expect(cancel.status == 409 && cancel.code == "InvalidJobState", "\(cancel.text)")
        let delete = try api.call("DELETE", path)
        #expect(delete.status == 409 && delete.code == "InvalidJobState", "\(delete.text)")
        let replace = try api.call("PUT", path, body: Self.jobBody(drives: ["R1"], keyBase: 3))
        #expect(replace.status == 409 && replace.code == "Conflict", "\(replace.text)")
        let noAddress = "\(Self.jobs)/rules-2?api-version=2021-01-01"
        #expect(try api.call("PUT", noAddress, body: Self.jobBody(drives: ["R2"], keyBase: 4)).status == 201)
        let badState = try api.call("PATCH", noAddress, body: Array("{\"properties\":{\"state\":\"Completed\"}}".utf8))
        #expect(badState.status == 400 && badState.code == "InvalidParameter", "\(badState.text)")
        // Cancel while Creating is allowed, through the CLI over TCP.
        let cancelled = try harness.cli(["jobs", "cancel", "rules-2", "--endpoint", "http://127.0.0.1:\(api.port)", "--token", Self.token])
        #expect(cancelled.status == 0 && cancelled.stdout.contains("Cancel"), "\(cancelled)")
        // 1 MiB is the most a body may be.
        var large = Array("{\"location\":\"West Europe\",\"tags\":{\"pad\":\"".utf8)
        large += [UInt8](repeating: UInt8(ascii: "a"), count: (1 << 20) - large.count + 10)
        large += Array("\"}}".utf8)
        let tooLarge = try api.call("PUT", "\(Self.jobs)/big?api-version=2021-01-01", body: large)
        #expect(tooLarge.status == 413 && tooLarge.code == "RequestEntityTooLarge", "\(tooLarge.status) \(tooLarge.text.prefix(200))")
        let notJSON = try api.call("PUT", "\(Self.jobs)/bad?api-version=2021-01-01", body: Array("{nope".utf8))
        #expect(notJSON.status == 400 && notJSON.code == "InvalidRequestContent", "\(notJSON.text)")
    }

    @Test func pagingFilterAndTop() throws {
        let (harness, api) = try Self.start("paging")
        defer { harness.stop() }
        let names = (1...7).map { String(format: "page-%02d", $0) }
        for (index, name) in names.enumerated() {
            #expect(try api.call("PUT", "\(Self.jobs)/\(name)?api-version=2021-01-01",
                                 body: Self.jobBody(drives: ["P\(index)"], keyBase: 10 + index)).status == 201)
        }
        for name in names.prefix(3) {
            #expect(try api.call("PATCH", "\(Self.jobs)/\(name)?api-version=2021-01-01", body: Self.shipping).status == 200)
        }
        for list in [Self.jobs, "/subscriptions/\(Self.subscription)/providers/Microsoft.ImportExport/jobs"] {
            var seen: [String] = []
            var next: String? = "\(list)?api-version=2020-08-01&%24top=3"
            var pages = 0
            while let link = next {
                let page = try api.call("GET", link)
                #expect(page.status == 200, "\(page.text)")
                seen += (page.json["value"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                next = page.json["nextLink"] as? String
                if let next {
                    #expect(next.hasPrefix("http://127.0.0.1:\(api.port)\(list)?api-version=2020-08-01&%24top=3&%24skiptoken="), "\(next)")
                }
                pages += 1
                if pages > 5 { break }
            }
            #expect(seen == names && pages == 3, "\(seen) in \(pages) pages")
        }
        let filtered = try api.pages("\(Self.jobs)?api-version=2021-01-01&%24top=1&%24filter=" + "state eq 'SHIPPING' and properties/jobType eq 'import'".urlQueryEncoded)
        #expect(filtered == Array(names.prefix(3)), "\(filtered)")
        let creating = try api.pages("\(Self.jobs)?api-version=2021-01-01&$filter=" + "jobType eq 'Import' and state eq 'Creating'".urlQueryEncoded)
        #expect(creating == Array(names.suffix(4)), "\(creating)")
        #expect(try api.pages("\(Self.jobs)?api-version=2021-01-01&$filter=" + "jobType eq 'Export'".urlQueryEncoded).isEmpty)
        for filter in ["name eq 'x'", "state eq 'Bogus'", "state eq Creating", "state ne 'Creating'", "state eq 'Creating' or jobType eq 'Import'", "and"] {
            let answer = try api.call("GET", "\(Self.jobs)?api-version=2021-01-01&%24filter=" + filter.urlQueryEncoded)
            #expect(answer.status == 400 && answer.code == "InvalidFilter", "\(filter): \(answer.text)")
        }
        for top in ["0", "101", "-1", "x"] {
            let answer = try api.call("GET", "\(Self.jobs)?api-version=2021-01-01&%24top=\(top)")
            #expect(answer.status == 400 && answer.code == "InvalidParameter" && answer.text.contains("$top"), "\(top): \(answer.text)")
        }
        let all = try api.call("GET", "\(Self.jobs)?api-version=2021-01-01")
        #expect((all.json["value"] as? [Any])?.count == 7 && all.json["nextLink"] == nil && !all.text.contains("nextLink"))
    }

    @Test func beyondARMAndKeysOnlyFromListBitLockerKeys() throws {
        let (harness, api) = try Self.start("v1")
        defer { harness.stop() }
        let keys = [Self.key(40), Self.key(41)]
        #expect(try api.call("PUT", "\(Self.jobs)/keys-1?api-version=2021-01-01", body: Self.jobBody(drives: ["K1", "K2"], keyBase: 40)).status == 201)
        #expect(try api.call("PATCH", "\(Self.jobs)/keys-1?api-version=2021-01-01", body: Self.shipping).status == 200)
        var bodies: [(String, String)] = []
        let drives = try api.call("GET", "/iedrive/v1/jobs/keys-1/drives")
        let list = drives.json["value"] as? [[String: Any]] ?? []
        #expect(drives.status == 200 && list.map { $0["driveId"] as? String } == ["K1", "K2"], "\(drives.text)")
        #expect(list.first?["state"] as? String == "Specified" && list.first?["previewStatus"] as? String == "DataCopyNotStarted", "\(drives.text)")
        let one = try api.call("GET", "/iedrive/v1/jobs/keys-1/drives/K2")
        #expect(one.status == 200 && one.json["jobName"] as? String == "keys-1")
        let noDrive = try api.call("GET", "/iedrive/v1/jobs/keys-1/drives/NOPE")
        #expect(noDrive.status == 404 && noDrive.code == "ResourceNotFound")
        let noLog = try api.call("GET", "/iedrive/v1/jobs/keys-1/drives/K1/logs/error")
        #expect(noLog.status == 404 && noLog.text.contains("no error log yet"), "\(noLog.text)")
        let badKind = try api.call("GET", "/iedrive/v1/jobs/keys-1/drives/K1/logs/debug")
        #expect(badKind.status == 400, "\(badKind.text)")
        let extra = try api.call("GET", "/iedrive/v1/extra-drives")
        #expect(extra.status == 200 && extra.json["value"] is [Any])
        // Every operation of the OpenAPI document is served (none falls through to "no route").
        let document = try api.call("GET", "/iedrive/v1/openapi.json")
        let paths = document.json["paths"] as? [String: [String: Any]] ?? [:]
        #expect(document.json["openapi"] as? String == "3.0.3" && paths.count >= 20, "\(paths.keys)")
        for (template, methods) in paths {
            // The event stream never ends; PublishingTests follow it.
            if template.hasSuffix("/events") { continue }
            let path = template.replacingOccurrences(of: "{subscriptionId}", with: Self.subscription)
                .replacingOccurrences(of: "{resourceGroupName}", with: "iedrive").replacingOccurrences(of: "{jobName}", with: "keys-1")
                .replacingOccurrences(of: "{locationName}", with: "westeurope").replacingOccurrences(of: "{driveId}", with: "K1")
                .replacingOccurrences(of: "{kind}", with: "error")
            for method in methods.keys where method == "get" || method == "post" && path.hasSuffix("listBitLockerKeys") {
                let answer = try api.call(method.uppercased(), path + (path.contains("Microsoft.ImportExport") ? "?api-version=2021-01-01" : ""))
                #expect(!answer.text.contains("No operation is served"), "\(method) \(path) is in the document but not served")
                if path.hasSuffix("listBitLockerKeys") {
                    #expect(keys.allSatisfy(answer.text.contains), "listBitLockerKeys returns the keys: \(answer.status)")
                } else {
                    bodies.append(("\(method) \(path)", answer.text))
                }
            }
        }
        bodies.append(("PATCH", try api.call("PATCH", "\(Self.jobs)/keys-1?api-version=2021-01-01", body: Array("{\"tags\":{\"a\":\"b\"}}".utf8)).text))
        bodies.append(("PUT", try api.call("PUT", "\(Self.jobs)/keys-2?api-version=2021-01-01", body: Self.jobBody(drives: ["K3"], keyBase: 42)).text))
        bodies.append(("CLI drives", try harness.check(["drives"])))
        bodies.append(("CLI drives json", try harness.check(["drives", "keys-1", "--json", "--vocabulary", "preview"])))
        bodies.append(("CLI show", try harness.check(["jobs", "show", "keys-1", "--json"])))
        bodies.append(("daemon log", harness.log))
        for (source, text) in bodies {
            for key in keys + [Self.key(42)] {
                #expect(!text.contains(key), "a recovery key appears in \(source)")
                #expect(!text.contains(key.prefix(20)), "part of a recovery key appears in \(source)")
            }
        }
        #expect(bodies.count >= 20)
        let printed = try harness.check(["keys", "keys-1"])
        #expect(keys.allSatisfy(printed.contains), "iedrive keys prints the keys")
    }
}

/// HTTP to the daemon's TCP API with the project's own client.
struct APICaller {
    let port: Int
    let token: String?

    struct Answer {
        var response: HTTPResponse
        var status: Int { response.status }
        var text: String { response.text }
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        }
        var code: String? { (json["error"] as? [String: Any])?["code"] as? String }
    }

    func call(_ method: String, _ target: String, body: [UInt8]? = nil, headers: [(String, String)] = []) throws -> Answer {
        var path = target
        if target.hasPrefix("http://") {
            path = "/" + target.dropFirst("http://".count).split(separator: "/", maxSplits: 1).dropFirst().joined()
        }
        let client = DaemonClient(endpoint: .tcp(host: "127.0.0.1", port: port), token: token)
        return Answer(response: try client.request(method, path, body: body, extraHeaders: headers))
    }

    /// The job names of every page of a list, following nextLink.
    func pages(_ first: String) throws -> [String] {
        var names: [String] = []
        var next: String? = first
        var count = 0
        while let link = next, count < 20 {
            let page = try call("GET", link)
            #expect(page.status == 200, "\(page.text)")
            names += (page.json["value"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            next = page.json["nextLink"] as? String
            count += 1
        }
        return names
    }
}

extension String {
    var urlQueryEncoded: String {
        addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}
