import Foundation
import SluiceCore

/// The settings CreateFunction and UpdateFunctionConfiguration take: nil leaves a setting as it
/// is (or at Lambda's default on create).
public struct FunctionSettings: Sendable {
    public var runtime: String?
    public var handler: String?
    public var role: String?
    public var description: String?
    public var timeoutSeconds: Int?
    public var memoryMB: Int?
    /// `Environment.Variables`; an empty map removes them all.
    public var environment: [String: String]?

    public init(
        runtime: String? = nil, handler: String? = nil, role: String? = nil, description: String? = nil,
        timeoutSeconds: Int? = nil, memoryMB: Int? = nil, environment: [String: String]? = nil
    ) {
        self.runtime = runtime
        self.handler = handler
        self.role = role
        self.description = description
        self.timeoutSeconds = timeoutSeconds
        self.memoryMB = memoryMB
        self.environment = environment
    }

    /// Checks each setting given with Lambda's rules and messages.
    func validate() throws(SluiceError) {
        if let timeout = timeoutSeconds, !FunctionLimits.timeoutSeconds.contains(timeout) {
            throw Self.range("timeout", timeout, FunctionLimits.timeoutSeconds)
        }
        if let memory = memoryMB, !FunctionLimits.memoryMB.contains(memory) {
            throw Self.range("memorySize", memory, FunctionLimits.memoryMB)
        }
        if let role, !Self.isRoleArn(role) {
            throw SluiceError(
                .validation,
                "1 validation error detected: Value '\(role)' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+")
        }
        if let runtime {
            guard FunctionRuntime.lambdaRuntimes.contains(runtime) else {
                throw SluiceError(
                    .validation,
                    "1 validation error detected: Value '\(runtime)' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [\(FunctionRuntime.lambdaRuntimes.joined(separator: ", "))] or be a valid ARN")
            }
            guard FunctionRuntime(runtime) != nil else {
                throw SluiceError(
                    .invalidParameterValue,
                    "The runtime parameter of \(runtime) is not supported by Sluice: use python3.9 to python3.14, provided, provided.al2 or provided.al2023.")
            }
        }
        if let handler, handler.isEmpty || handler.utf8.count > 128 || handler.contains(where: \.isWhitespace) {
            throw SluiceError(
                .validation,
                "1 validation error detected: Value '\(handler)' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+")
        }
        if let description, description.count > 256 {
            throw SluiceError(
                .validation,
                "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256")
        }
        if let environment { try Self.validate(environment) }
    }

    /// Lambda refuses reserved keys, names that are not identifiers, and more than 4 KB.
    static func validate(_ environment: [String: String]) throws(SluiceError) {
        let reserved = environment.keys.filter(ReservedEnvironment.keys.contains).sorted()
        if !reserved.isEmpty {
            throw SluiceError(
                .invalidParameterValue,
                "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: \(reserved.joined(separator: ","))")
        }
        for key in environment.keys.sorted() where !isVariableName(key) {
            throw SluiceError(
                .validation,
                "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]")
        }
        let measured = JSON.object(JSONObject(uniqueKeysWithValues: environment.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })).compactText
        if measured.utf8.count > 4096 {
            throw SluiceError(
                .invalidParameterValue,
                "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: \(measured)")
        }
    }

    static func range(_ member: String, _ value: Int, _ allowed: ClosedRange<Int>) -> SluiceError {
        let bound = value < allowed.lowerBound
            ? "greater than or equal to \(allowed.lowerBound)" : "less than or equal to \(allowed.upperBound)"
        return SluiceError(
            .validation,
            "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have value \(bound)")
    }

    static func isRoleArn(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "iam", parts[3].isEmpty,
            parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5].hasPrefix("role/"), parts[5].count > 5
        else { return false }
        return parts[5].dropFirst(5).allSatisfy { $0.isLetter || $0.isNumber || "+=,.@-_/".contains($0) }
    }

    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter, text.count >= 2 else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
