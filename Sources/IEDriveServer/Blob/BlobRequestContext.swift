import Hummingbird
import NIOCore

/// The request context of the Blob listener: the client's address, for SAS `sip` ranges.
struct BlobRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IPv4 address, dotted; nil for IPv6 or unknown.
    var clientIPv4: String? {
        guard case .v4? = remoteAddress else { return nil }
        return remoteAddress?.ipAddress
    }
}
