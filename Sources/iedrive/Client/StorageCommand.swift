import ArgumentParser
import Foundation
import IEDriveAPI
import IEDriveCore

/// `iedrive storage …`: the storage accounts a running daemon serves through its Blob endpoint.
struct StorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "The daemon's storage accounts: their connection strings, and the list.",
        discussion: """
            The daemon serves each storage account as Azure Blob storage, path-style, on its Blob \
            endpoint (--blob-listen, [storage_account] listen; default 127.0.0.1:10000): \
            http://HOST:PORT/ACCOUNT/CONTAINER/BLOB, with Shared Key or SAS authentication. \
            Microsoft's SDKs, Storage Explorer and AzCopy take the connection string as it is. An \
            account is created on first use: by `connection-string NAME`, or by the first job whose \
            storageAccountId names it. Its data lives under the daemon's target in NAME/.
            """,
        subcommands: [StorageConnectionStringCommand.self, StorageAccountsCommand.self])
}

struct StorageConnectionStringCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connection-string",
        abstract: "Print an account's connection string (it holds the account key), creating the account on first use.",
        discussion: """
            Without ACCOUNT, the only account the daemon serves. The string holds the account's key: \
            treat it as a secret. --json prints {name, created, blobEndpoint, connectionString}.
            """)
    @Argument(help: "The account: 3–24 lower-case letters and digits.") var account: String?
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = DaemonCalls(client: try client.client())
        var name = account
        if name == nil {
            let listed = try calls.object(try calls.call("GET", "/iedrive/v1/storage-accounts"))
            let names = try (listed.array("value") ?? []).compactMap { item -> String? in
                guard case .object(let members) = item, case .string(let text)? = members.first(where: { $0.key == "name" })?.value else {
                    return nil
                }
                return text
            }
            guard names.count == 1 else {
                throw CommandFailure(names.isEmpty
                    ? "the daemon serves no storage account yet: name one (iedrive storage connection-string NAME creates it)"
                    : "the daemon serves \(names.count) storage accounts (\(names.joined(separator: ", "))): name one",
                    status: ExitStatus.usage)
            }
            name = names[0]
        }
        let response = try calls.call("POST", "/iedrive/v1/storage-accounts/" + URLPathSegment.encoded(name ?? ""))
        if client.json {
            Console.out(response.text)
            return
        }
        let answer = try calls.object(response)
        Console.out(try answer.requiredString("connectionString"))
    }
}

struct StorageAccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accounts", abstract: "List the storage accounts (names only).")
    @OptionGroup var client: ClientOptions

    func run() throws {
        let calls = DaemonCalls(client: try client.client())
        let response = try calls.call("GET", "/iedrive/v1/storage-accounts")
        if client.json {
            Console.out(response.text)
            return
        }
        let answer = try calls.object(response)
        let endpoint = try answer.string("blobEndpoint")
        for item in try answer.array("value") ?? [] {
            if case .object(let members) = item, case .string(let name)? = members.first(where: { $0.key == "name" })?.value {
                Console.out(endpoint.map { "\(name)\t\($0)/\(name)" } ?? name)
            }
        }
    }
}
