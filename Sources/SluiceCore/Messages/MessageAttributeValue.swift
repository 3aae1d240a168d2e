/// A message attribute: `String`, `Number` or `Binary`, optionally with a custom
/// `.suffix` (`Number.float`, `Binary.gif`).
public struct MessageAttributeValue: Sendable, Hashable {
    public var dataType: String
    public var stringValue: String?
    public var binaryValue: [UInt8]?

    public init(dataType: String, stringValue: String? = nil, binaryValue: [UInt8]? = nil) {
        self.dataType = dataType
        self.stringValue = stringValue
        self.binaryValue = binaryValue
    }

    public static func string(_ value: String) -> Self { .init(dataType: "String", stringValue: value) }
    public static func number(_ value: String) -> Self { .init(dataType: "Number", stringValue: value) }
    public static func binary(_ value: [UInt8]) -> Self { .init(dataType: "Binary", binaryValue: value) }

    /// The base type before any custom suffix.
    public var baseType: String {
        if let dot = dataType.firstIndex(of: ".") { return String(dataType[..<dot]) }
        return dataType
    }

    public var isBinary: Bool { baseType == "Binary" }

    /// The bytes this attribute counts toward MaximumMessageSize: name, type and value.
    public func size(name: String) -> Int {
        name.utf8.count + dataType.utf8.count + (isBinary ? binaryValue?.count ?? 0 : stringValue?.utf8.count ?? 0)
    }
}

/// Attributes by name, as a message carries them.
public typealias MessageAttributes = [String: MessageAttributeValue]
