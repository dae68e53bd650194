/// The rules for the scope in a job's path, checked before any job is looked up.
///
/// A subscription id is a GUID as Azure issues them (`8-4-4-4-12` hexadecimal digits, either
/// case): ARM answers 400 to anything else, and so do we.
///
/// A resource group name (ARM's naming rules for `Microsoft.Resources/resourceGroups`) has 1–90
/// characters of letters, digits, `_`, `-`, `.`, `(` and `)`, and does not end in `.`. ARM also
/// takes non-ASCII letters and digits; we take ASCII only, so the OpenAPI document can state the
/// rule exactly as a pattern both ECMA-262 and Python read alike (`SchemaPatterns`).
public enum ScopeNames {
    /// Why `id` is not a subscription id, nil if it is.
    public static func subscriptionProblem(_ id: String) -> String? {
        let groups = id.split(separator: "-", omittingEmptySubsequences: false)
        let isGUID = groups.map(\.utf8.count) == [8, 4, 4, 4, 12]
            && groups.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCIIHexDigit) }
        return isGUID ? nil : "A subscription id is a GUID (8-4-4-4-12 hexadecimal digits); '\(id)' is not."
    }

    /// Why `name` is not a resource group name, nil if it is.
    public static func resourceGroupProblem(_ name: String) -> String? {
        let count = name.unicodeScalars.count
        guard (1...90).contains(count) else {
            return "A resource group name has 1 to 90 characters; '\(name)' has \(count)."
        }
        guard name.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || "_-.()".unicodeScalars.contains($0) }) else {
            return "A resource group name has only letters, digits, '_', '-', '.', '(' and ')'."
        }
        guard !name.hasSuffix(".") else { return "A resource group name does not end in '.'." }
        return nil
    }

    /// The first problem with `scope` as a refusal naming the path parameter, nil if none.
    public static func refusal(_ scope: JobScope) -> LifecycleRefusal? {
        if let problem = subscriptionProblem(scope.subscriptionId) {
            return LifecycleRefusal(.invalidParameter, problem, target: "subscriptionId")
        }
        if let problem = resourceGroupProblem(scope.resourceGroup) {
            return LifecycleRefusal(.invalidParameter, problem, target: "resourceGroupName")
        }
        return nil
    }
}

extension Unicode.Scalar {
    var isASCIIHexDigit: Bool {
        ("0"..."9").contains(self) || ("a"..."f").contains(self) || ("A"..."F").contains(self)
    }
}
