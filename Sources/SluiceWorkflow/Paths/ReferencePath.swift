import SluiceCore
/// A path that names one place to write to (ResultPath): `$` or names and indexes only.
public struct ReferencePath: Sendable, Hashable, CustomStringConvertible {
    /// One step down from a node.
    enum Step: Sendable {
        case member(String)
        /// Negative indexes count from the end, as in `JSONPath`.
        case index(Int)
    }

    public let text: String
    let steps: [Step]

    /// Refuses `$$`, wildcards, filters, slices, unions and deep scans: they do not name a
    /// single place.
    public init(_ text: String) throws(ExpressionSyntaxError) {
        let parsed = try PathParser.parse(text)
        guard !parsed.isContext else {
            throw ExpressionSyntaxError("Invalid ReferencePath '\(text)': a reference path cannot use the context object ($$)")
        }
        var steps: [Step] = []
        for segment in parsed.segments {
            switch segment.selector {
            case .name(let name) where !segment.isDeepScan: steps.append(.member(name))
            case .index(let index) where !segment.isDeepScan: steps.append(.index(index))
            default:
                throw ExpressionSyntaxError(
                    "Invalid ReferencePath '\(text)': only names and single indexes are allowed "
                        + "(no wildcards, filters, slices, unions or deep scans)"
                )
            }
        }
        self.text = text
        self.steps = steps
    }

    public var description: String { text }

    /// `root` with `value` placed at the path; `$` gives `value` itself. Missing object members
    /// on the way are created as empty objects. Stepping through something that is not an
    /// object (for a name) or an array holding the index (for an index) is a `States.Runtime`
    /// error worded as Step Functions words it.
    public func setting(_ value: JSON, in root: JSON) throws(StatesError) -> JSON {
        // Walk down recording each container, then rebuild upwards: iterative, so a path with
        // many steps cannot exhaust the stack.
        var containers: [JSON] = []
        containers.reserveCapacity(steps.count)
        var node = root
        for step in steps {
            containers.append(node)
            switch (step, node) {
            case (.member(let name), .object(let members)):
                node = members[name] ?? .object([:])
            case (.index(let index), .array(let elements)):
                guard let position = PathEvaluator.position(of: index, count: elements.count) else {
                    throw failure(root)
                }
                node = elements[position]
            default:
                throw failure(root)
            }
        }
        var replacement = value
        for (step, container) in zip(steps, containers).reversed() {
            switch (step, container) {
            case (.member(let name), .object(var members)):
                members[name] = replacement
                replacement = .object(members)
            case (.index(let index), .array(var elements)):
                guard let position = PathEvaluator.position(of: index, count: elements.count) else {
                    throw failure(root)
                }
                elements[position] = replacement
                replacement = .array(elements)
            default:
                throw failure(root)
            }
        }
        return replacement
    }

    private func failure(_ root: JSON) -> StatesError {
        StatesError.runtime("Unable to apply ReferencePath \(text) to input \(root.compactText)")
    }

    public static func == (lhs: ReferencePath, rhs: ReferencePath) -> Bool {
        lhs.text == rhs.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }
}
