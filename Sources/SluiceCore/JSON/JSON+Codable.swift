public import Foundation

/// JSON through Codable, for the codecs that decode requests with `JSONDecoder`: a `JSON`
/// member of a request takes whatever value the client sent. Decoding through a `Decoder`
/// cannot see member order; `JSON.parse` keeps it.
extension JSON: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            let members = try container.decode([String: JSON].self)
            self = .object(JSONObject(uniqueKeysWithValues: members.sorted { $0.key < $1.key }))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let members): try container.encode(OrderedMembers(members: members))
        }
    }

    /// Encodes an object's members in their order (a keyed container writes them in the
    /// order they are encoded).
    private struct OrderedMembers: Encodable {
        let members: JSONObject

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members {
                try container.encode(value, forKey: Key(stringValue: key))
            }
        }
    }
}

extension JSON {
    /// Parses JSON text held as `Data`.
    public static func parse(data: Data, maxDepth: Int = 512) throws(JSONParseError) -> JSON {
        try parse(bytes: Array(data), maxDepth: maxDepth)
    }

    /// The value as an integer, accepting whole JSON numbers and numeric strings (AWS accepts
    /// both in redrive policies).
    public var integerValue: Int? {
        switch self {
        case .string(let text): Int(text)
        default: wholeNumber
        }
    }
}
