import Foundation
import IEDriveCore

/// JSON for the job documents and event payloads (the `Codable` formats Core defines), keys
/// sorted: the same job is always stored as the same text (an encoder's default order follows
/// each process's hash seed).
enum StoreCoding {
    static func document(_ job: Job) throws -> String {
        String(decoding: try encoder.encode(job), as: UTF8.self)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    static func job(_ document: String, name: String) throws -> Job {
        do {
            return try JSONDecoder().decode(Job.self, from: Data(document.utf8))
        } catch {
            throw JobStoreError.documentUnreadable(jobName: name, reason: String(describing: error))
        }
    }

    static func payload(_ kind: LifecycleEventKind) throws -> String {
        String(decoding: try encoder.encode(kind), as: UTF8.self)
    }

    static func kind(_ payload: String, id: Int64, jobName: String) throws -> LifecycleEventKind {
        do {
            return try JSONDecoder().decode(LifecycleEventKind.self, from: Data(payload.utf8))
        } catch {
            throw JobStoreError.eventUnreadable(id: id, jobName: jobName, reason: String(describing: error))
        }
    }
}
