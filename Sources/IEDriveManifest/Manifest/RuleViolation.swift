/// A broken structural rule as found deep inside the validator: rule, message and the mark of
/// the element at fault. `ManifestValidator.next()` turns it into the public
/// `ManifestFormatError`, rendering the element path once.
struct RuleViolation: Error {
    var rule: ManifestRule
    var message: String
    var mark: XMLMark
}
