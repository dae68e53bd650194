/// The strings a SAS signature covers, by signed version (`sv`, compared as `YYYY-MM-DD`
/// text). Versions before 2015-04-05 are not served.
enum SASStringToSign {
    static let oldestVersion = "2015-04-05"

    /// Account SAS: the account and the fields, each followed by a newline; `ses` from 2020-12-06.
    static func account(_ sas: SharedAccessSignature, account: String) -> String {
        guard case .account(let services, let types) = sas.kind else { preconditionFailure("not an account SAS") }
        var fields = [account, sas.permissions, services, types, sas.start ?? "", sas.expiry ?? "", sas.ipRange ?? "",
                      sas.protocols ?? "", sas.version]
        if sas.version >= "2020-12-06" { fields.append(sas.encryptionScope ?? "") }
        return fields.map { $0 + "\n" }.joined()
    }

    /// Service SAS for a container or blob: the fields joined by newlines, the resource as
    /// `/blob/ACCOUNT/CONTAINER[/BLOB]` (names decoded); `sr` and the snapshot time from
    /// 2018-11-09, `ses` from 2020-12-06.
    static func service(_ sas: SharedAccessSignature, account: String, container: String, blob: String?) -> String {
        guard case .service(let resource) = sas.kind else { preconditionFailure("not a service SAS") }
        var canonical = "/blob/" + account + "/" + container
        if let blob { canonical += "/" + blob }
        var fields = [sas.permissions, sas.start ?? "", sas.expiry ?? "", canonical, sas.identifier ?? "",
                      sas.ipRange ?? "", sas.protocols ?? "", sas.version]
        if sas.version >= "2018-11-09" {
            fields += [resource, sas.snapshotTime ?? ""]
        }
        if sas.version >= "2020-12-06" { fields.append(sas.encryptionScope ?? "") }
        let headers = sas.responseHeaders
        fields += [headers.cacheControl ?? "", headers.contentDisposition ?? "", headers.contentEncoding ?? "",
                   headers.contentLanguage ?? "", headers.contentType ?? ""]
        return fields.joined(separator: "\n")
    }
}
