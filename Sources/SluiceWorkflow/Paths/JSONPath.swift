import SluiceCore
/// A JSONPath as the States Language uses it (InputPath, OutputPath, `.$` fields, Choice
/// variables), in Jayway JsonPath's dialect. Compiled once when the definition is read, so
/// syntax errors surface as definition errors rather than at run time.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as written, e.g. `$.items[10]` or `$$.Execution.Input`.
    public let text: String
    /// Starts with `$$`: evaluate it against the context object.
    public let isContextPath: Bool
    /// Only names and single indexes, so it selects at most one node.
    public let isDefinite: Bool
    let segments: [PathSegment]

    public init(_ text: String) throws(ExpressionSyntaxError) {
        let parsed = try PathParser.parse(text)
        self.text = text
        self.isContextPath = parsed.isContext
        self.segments = parsed.segments
        self.isDefinite = parsed.segments.allSatisfy(\.isDefinite)
    }

    public var description: String { text }

    /// A definite path's one node, or a `States.Runtime` error naming the path when it selects
    /// nothing (`Invalid path '$.a' : No results for path: $['a']`, as Step Functions words it).
    /// An indefinite path's matches as an array, in document order, possibly empty.
    /// For a context path, `root` is the context object and `$$` plays the role of `$`.
    public func evaluate(_ root: JSON) throws(StatesError) -> JSON {
        if let value = evaluateIfPresent(root) { return value }
        throw StatesError.runtime("Invalid path '\(text)' : No results for path: \(segments.normalizedText)")
    }

    /// Like `evaluate`, but nil when a definite path selects nothing (Choice's `IsPresent`,
    /// and comparisons against missing fields).
    public func evaluateIfPresent(_ root: JSON) -> JSON? {
        let matches = PathEvaluator(root: root).select(segments, from: root)
        return isDefinite ? matches.first : .array(matches)
    }

    /// Two paths are the same when written the same way: the text determines everything else.
    public static func == (lhs: JSONPath, rhs: JSONPath) -> Bool {
        lhs.text == rhs.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }
}
