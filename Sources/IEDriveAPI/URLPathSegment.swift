import Foundation

/// One segment of a URL path (a job name, a drive id), percent-encoded so that `/`, `?`, `#`
/// and `&` in it stay data: for the links the daemon serves and the paths the CLI requests.
public enum URLPathSegment {
    public static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#&"))) ?? text
    }
}
