import SluiceCore
/// Filter conditions, with Jayway's semantics: values of different types are never equal and
/// never ordered, so `<`, `<=`, `>`, `>=` and `==` are false for them and `!=` (the negation
/// of `==`) is true; a missing operand likewise equals nothing. Strings order by UTF-16 code
/// units, as Java's `compareTo` does.
extension PathEvaluator {
    func matches(_ condition: FilterExpression, item: JSON) -> Bool {
        switch condition {
        case .exists(let path):
            if path.isDefinite { return resolve(path, item: item) != nil }
            return !select(path.segments, from: start(of: path, item: item)).isEmpty
        case .not(let inner):
            return !matches(inner, item: item)
        case .and(let terms):
            return terms.allSatisfy { matches($0, item: item) }
        case .or(let terms):
            return terms.contains { matches($0, item: item) }
        case .comparison(let left, let comparison, let right):
            return Self.compare(value(of: left, item: item), comparison, value(of: right, item: item))
        }
    }

    private func value(of operand: FilterOperand, item: JSON) -> JSON? {
        switch operand {
        case .literal(let value): value
        case .path(let path): resolve(path, item: item)
        }
    }

    /// A definite path's one value (nil when missing); an indefinite path's array of matches.
    private func resolve(_ path: FilterPath, item: JSON) -> JSON? {
        let matches = select(path.segments, from: start(of: path, item: item))
        return path.isDefinite ? matches.first : .array(matches)
    }

    private func start(of path: FilterPath, item: JSON) -> JSON {
        path.anchor == .item ? item : root
    }

    static func compare(_ left: JSON?, _ comparison: ComparisonOperator, _ right: JSON?) -> Bool {
        guard let left, let right else { return comparison == .notEqual }
        switch comparison {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less: return order(left, right).map { $0 < 0 } ?? false
        case .lessOrEqual: return order(left, right).map { $0 <= 0 } ?? false
        case .greater: return order(left, right).map { $0 > 0 } ?? false
        case .greaterOrEqual: return order(left, right).map { $0 >= 0 } ?? false
        }
    }

    /// -1, 0 or 1 for two numbers or two strings; nil for anything else.
    private static func order(_ left: JSON, _ right: JSON) -> Int? {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            if a.utf16.elementsEqual(b.utf16) { return 0 }
            return a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : 1
        default:
            guard let a = left.doubleValue, let b = right.doubleValue else { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }
}
