public import IEDriveCore

extension ARMError {
    /// `{"error":{"code","message","target","details"}}`; `target` and `details` only when they
    /// have a value (§7 marks them optional; §8.4 omits them).
    public var json: JSONValue {
        var error = JSONObjectBuilder()
        error[string: "code"] = code
        error[string: "message"] = message
        error[string: "target"] = target
        error["details"] = details.isEmpty ? nil : .array(details.map(\.json))
        return .object([("error", error.json)])
    }

    /// The response body.
    public var body: [UInt8] { json.body }

    /// The error an API answer carries, for a client: nil when `body` is not an ARM error
    /// envelope (then show the status and body as they are).
    public init?(body: [UInt8], httpStatus: Int) {
        guard let document = try? JSONParser.parse(body),
              let root = try? JSONObjectReader(document),
              let error = try? root.object("error"),
              let code = try? error.string("code") else { return nil }
        let message = (try? error.string("message")) ?? ""
        let target = try? error.string("target")
        let details = ((try? error.objects("details")) ?? []).compactMap { detail -> ARMErrorDetail? in
            guard let code = try? detail.string("code") else { return nil }
            return ARMErrorDetail(code: code, message: (try? detail.string("message")) ?? "",
                                  target: try? detail.string("target"))
        }
        self.init(httpStatus: httpStatus, code: code, message: message, target: target, details: details)
    }
}

extension ARMErrorDetail {
    public var json: JSONValue {
        var detail = JSONObjectBuilder()
        detail[string: "code"] = code
        detail[string: "target"] = target
        detail[string: "message"] = message
        return detail.json
    }
}
