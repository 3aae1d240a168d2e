import SluiceCore
/// One step of a compiled path: a selector, applied either to each current node or, after
/// `..`, to each current node and every node beneath it.
struct PathSegment: Sendable {
    var selector: PathSelector
    var isDeepScan: Bool

    /// Only a plain name or single index keeps a path definite (at most one result).
    var isDefinite: Bool {
        guard !isDeepScan else { return false }
        switch selector {
        case .name, .index: return true
        default: return false
        }
    }
}

enum PathSelector: Sendable {
    case name(String)
    /// Negative indexes count from the end, as Jayway's do.
    case index(Int)
    /// Array elements, or an object's member values, in order.
    case wildcard
    case nameUnion([String])
    case indexUnion([Int])
    /// Bounds as written; a negative bound counts from the end, `nil` is open.
    case slice(start: Int?, end: Int?)
    /// Keeps the array elements (or object member values) that satisfy the condition.
    case filter(FilterExpression)
}

/// The condition inside `[?( … )]`. `and`/`or` hold flat lists so a long chain of `&&` does
/// not become a deep tree (evaluation recursion stays bounded by the parser's nesting cap).
indirect enum FilterExpression: Sendable {
    case exists(FilterPath)
    case not(FilterExpression)
    case and([FilterExpression])
    case or([FilterExpression])
    case comparison(FilterOperand, ComparisonOperator, FilterOperand)
}

enum FilterOperand: Sendable {
    case literal(JSON)
    case path(FilterPath)
}

/// A path inside a filter: `@…` is relative to the item being tested, `$…` to the document root.
struct FilterPath: Sendable {
    enum Anchor: Sendable {
        case item
        case root
    }

    var anchor: Anchor
    var segments: [PathSegment]

    var isDefinite: Bool { segments.allSatisfy(\.isDefinite) }
}

enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

extension [PathSegment] {
    /// Jayway's normalized form of a definite path (`$['a']['b'][0]`), which Step Functions
    /// quotes in its "No results for path" causes.
    var normalizedText: String {
        var text = "$"
        for segment in self {
            switch segment.selector {
            case .name(let name): text += "['\(name)']"
            case .index(let index): text += "[\(index)]"
            default: text += "[*]"
            }
        }
        return text
    }
}
