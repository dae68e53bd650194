import Foundation
import Hummingbird

extension Parameters {
    /// A path parameter percent-decoded (Hummingbird hands over the raw segment): a client
    /// asking for `locations/West%20Europe` means `West Europe`. A segment that is not valid
    /// percent-encoding is taken as it is.
    func decoded(_ name: String) -> String? {
        get(name).map { $0.removingPercentEncoding ?? $0 }
    }
}
