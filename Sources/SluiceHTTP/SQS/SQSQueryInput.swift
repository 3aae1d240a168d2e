import Foundation
import SluiceCore

/// Turns query-protocol parameters (`Attribute.1.Name=…`, `SendMessageBatchRequestEntry.2.Id=…`)
/// into the JSON input the same action decodes on the JSON protocol.
enum SQSQueryInput {
    /// Scalar members that are integers on the JSON protocol.
    static let integerMembers: Set<String> = [
        "DelaySeconds", "MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds", "MaxResults",
        "MaxNumberOfMessagesPerSecond",
    ]

    /// Flattened lists: query name → JSON member.
    static let lists: [String: String] = [
        "AttributeName": "AttributeNames", "MessageAttributeName": "MessageAttributeNames",
        "MessageSystemAttributeName": "MessageSystemAttributeNames", "TagKey": "TagKeys",
        "AWSAccountId": "AWSAccountIds", "ActionName": "Actions",
    ]

    static func json(action: String, parameters: [(String, String)]) throws(SluiceError) -> Data {
        var tree: [String: Node] = [:]
        for (key, value) in parameters where key != "Action" && key != "Version" {
            insert(value, path: key.split(separator: ".").map(String.init)[...], into: &tree)
        }
        let object = convert(tree, action: action)
        do {
            return try JSONEncoder().encode(object)
        } catch {
            throw SluiceError(.malformedRequest, "The request parameters could not be read.")
        }
    }

    indirect enum Node {
        case value(String)
        case branch([String: Node])
    }

    private static func insert(_ value: String, path: ArraySlice<String>, into tree: inout [String: Node]) {
        guard let head = path.first else { return }
        let rest = path.dropFirst()
        if rest.isEmpty {
            tree[head] = .value(value)
            return
        }
        var child: [String: Node] = [:]
        if case .branch(let existing) = tree[head] { child = existing }
        insert(value, path: rest, into: &child)
        tree[head] = .branch(child)
    }

    /// The children of a numbered list node, in index order.
    private static func items(_ node: Node) -> [Node] {
        switch node {
        case .value: return [node]
        case .branch(let children):
            return children.compactMap { key, value in Int(key).map { ($0, value) } }
                .sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private static func convert(_ tree: [String: Node], action: String) -> JSON {
        var object: JSONObject = [:]
        for (key, node) in tree {
            switch key {
            case "Attribute":
                object["Attributes"] = .object(pairs(node, key: "Name", value: "Value") { convertLeaf($0) })
            case "Tag":
                object[action == "CreateQueue" ? "tags" : "Tags"] = .object(
                    pairs(node, key: "Key", value: "Value") { convertLeaf($0) })
            case "MessageAttribute", "MessageSystemAttribute":
                object[key + "s"] = .object(
                    pairs(node, key: "Name", value: "Value") { convert(branch($0), action: action) })
            case _ where lists[key] != nil:
                object[lists[key]!] = .array(items(node).map { convertLeaf($0) })
            case _ where key.hasSuffix("RequestEntry"):
                object["Entries"] = .array(items(node).map { convert(branch($0), action: action) })
            default:
                if case .value(let text) = node, integerMembers.contains(key), let number = Int(text) {
                    object[key] = .int(number)
                } else {
                    object[key] = convertNode(node, action: action)
                }
            }
        }
        return .object(object)
    }

    private static func pairs(
        _ node: Node, key: String, value: String, _ transform: (Node) -> JSON
    ) -> JSONObject {
        var result: JSONObject = [:]
        for item in items(node) {
            let fields = branch(item)
            if case .value(let name)? = fields[key], let valueNode = fields[value] {
                result[name] = transform(valueNode)
            }
        }
        return result
    }

    private static func branch(_ node: Node) -> [String: Node] {
        if case .branch(let children) = node { return children }
        return [:]
    }

    private static func convertLeaf(_ node: Node) -> JSON {
        if case .value(let text) = node { return .string(text) }
        return .null
    }

    private static func convertNode(_ node: Node, action: String) -> JSON {
        switch node {
        case .value(let text): .string(text)
        case .branch(let children): convert(children, action: action)
        }
    }
}
