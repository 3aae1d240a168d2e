import SluiceCore
/// Applies compiled segments to a document. Works breadth-first over the list of current
/// nodes, and walks deep scans with an explicit stack, so neither long paths nor deeply
/// nested data deepen the call stack; only filters recurse, and the parser caps their nesting.
struct PathEvaluator {
    /// What `$` means inside a filter: the document the whole path is evaluated against.
    let root: JSON

    func select(_ segments: [PathSegment], from start: JSON) -> [JSON] {
        var current = [start]
        for segment in segments {
            var next: [JSON] = []
            for node in current {
                if segment.isDeepScan {
                    scan(segment.selector, from: node, into: &next)
                } else {
                    apply(segment.selector, to: node, into: &next)
                }
            }
            current = next
            if current.isEmpty { break }
        }
        return current
    }

    /// Applies the selector to `node` and to every node beneath it, in document order
    /// (a node before its descendants, siblings in order), as Jayway's deep scan does.
    private func scan(_ selector: PathSelector, from node: JSON, into results: inout [JSON]) {
        var pending = [node]
        while let current = pending.popLast() {
            apply(selector, to: current, into: &results)
            switch current {
            case .array(let elements): pending.append(contentsOf: elements.reversed())
            case .object(let members): pending.append(contentsOf: members.values.reversed())
            default: break
            }
        }
    }

    private func apply(_ selector: PathSelector, to node: JSON, into results: inout [JSON]) {
        switch selector {
        case .name(let name):
            if let value = node.objectValue?[name] { results.append(value) }
        case .nameUnion(let names):
            guard let members = node.objectValue else { return }
            for name in names {
                if let value = members[name] { results.append(value) }
            }
        case .index(let index):
            guard let elements = node.arrayValue, let position = Self.position(of: index, count: elements.count) else {
                return
            }
            results.append(elements[position])
        case .indexUnion(let indexes):
            guard let elements = node.arrayValue else { return }
            for index in indexes {
                if let position = Self.position(of: index, count: elements.count) { results.append(elements[position]) }
            }
        case .slice(let start, let end):
            guard let elements = node.arrayValue else { return }
            results.append(contentsOf: elements[Self.range(start: start, end: end, count: elements.count)])
        case .wildcard:
            results.append(contentsOf: Self.children(of: node))
        case .filter(let condition):
            for child in Self.children(of: node) where matches(condition, item: child) {
                results.append(child)
            }
        }
    }

    static func children(of node: JSON) -> [JSON] {
        switch node {
        case .array(let elements): elements
        case .object(let members): Array(members.values)
        default: []
        }
    }

    /// The array position an index names (negative counts from the end), if it exists.
    static func position(of index: Int, count: Int) -> Int? {
        let position = index < 0 ? count + index : index
        return (0..<count).contains(position) ? position : nil
    }

    /// Python-style slice bounds: negative bounds count from the end, and both are clamped.
    static func range(start: Int?, end: Int?, count: Int) -> Range<Int> {
        func clamp(_ bound: Int) -> Int {
            bound < 0 ? max(0, count + bound) : min(bound, count)
        }
        let lower = start.map(clamp) ?? 0
        let upper = end.map(clamp) ?? count
        return lower < upper ? lower..<upper : 0..<0
    }
}
