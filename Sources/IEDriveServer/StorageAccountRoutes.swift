import Foundation
import Hummingbird
import IEDriveAPI
import IEDriveCore
import IEDriveStorageAccounts

/// `/iedrive/v1/storage-accounts`: the accounts the Blob endpoint serves. `POST …/{name}`
/// creates an account on first use and answers its connection string (its key: the control
/// socket is root's, the TCP API needs a token off loopback); the list shows names only.
struct StorageAccountRoutes {
    let directory: (any StorageAccountDirectory)?

    static let off = ARMError(.conflict, "The daemon serves no storage accounts (its target is not a local directory, or the Blob endpoint is off).")

    func add(to router: Router<BasicRequestContext>) {
        let directory = directory
        router.get("\(SimulatorRoutes.prefix)/storage-accounts") { _, _ in
            await DaemonRoutes.answer {
                guard let directory else { throw Self.off }
                let names = try directory.accountNames()
                return HTTPJSON.response(.object([
                    ("blobEndpoint", directory.blobEndpoint.map { .string($0) } ?? .null),
                    ("value", .array(names.map { .object([("name", .string($0))]) })),
                ]))
            }
        }
        router.post("\(SimulatorRoutes.prefix)/storage-accounts/{account}") { _, context in
            await DaemonRoutes.answer {
                let name = context.parameters.decoded("account") ?? ""
                if let problem = StorageAccountName.problem(name) {
                    throw ARMError(.invalidParameter, "account: \(problem)", target: "account")
                }
                guard let directory else { throw Self.off }
                let (keys, created) = try directory.ensure(name)
                guard let endpoint = directory.blobEndpoint else {
                    throw ARMError(.conflict, "The Blob endpoint is off (storage_account.listen is empty).")
                }
                return HTTPJSON.response(.object([
                    ("name", .string(name)),
                    ("created", .bool(created)),
                    ("blobEndpoint", .string(endpoint + "/" + name)),
                    ("connectionString", .string(StorageConnectionString.make(account: name, key: keys[0], endpoint: endpoint))),
                ]), status: created ? .created : .ok)
            }
        }
    }
}
