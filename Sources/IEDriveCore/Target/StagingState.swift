/// What a resumed copy finds of a blob it staged before (`StorageTarget.stagingState`).
public enum StagingState: Sendable, Hashable {
    /// The staging file is there, holding the bytes the journal recorded as durable.
    case staged
    /// Published already from this staged id, with this outcome: the copy stopped after
    /// publishing and before its journal said so. Nothing is left to read or publish.
    case published(PublishOutcome)
    /// Neither staged nor published: the staged bytes are lost, the blob is copied again.
    case absent
}
