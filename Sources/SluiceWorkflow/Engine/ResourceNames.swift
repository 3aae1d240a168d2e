import Foundation
import SluiceCore

/// Names and ARNs of state machines, executions and activities, with AWS's rules.
struct ResourceNames: Sendable {
    let region: String
    let account: String

    func stateMachineArn(_ name: String) -> String { "arn:aws:states:\(region):\(account):stateMachine:\(name)" }
    func activityArn(_ name: String) -> String { "arn:aws:states:\(region):\(account):activity:\(name)" }
    func executionArn(machine: String, name: String) -> String { "arn:aws:states:\(region):\(account):execution:\(machine):\(name)" }
    func expressExecutionArn(machine: String, name: String) -> String {
        "arn:aws:states:\(region):\(account):express:\(machine):\(name):\(UUID().uuidString.lowercased())"
    }

    /// Names are 1–80 characters with no whitespace, brackets, wildcards, control characters
    /// or any of `"#%\^|~`$&,;:/`.
    static func validate(_ name: String, kind: String) throws(SluiceError) {
        let forbidden = Set("<>{}[]?*\"#%\\^|~`$&,;:/")
        guard !name.isEmpty, name.count <= 80,
            !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }),
            !name.contains(where: { forbidden.contains($0) })
        else {
            throw SluiceError(.invalidName, "Invalid Name: '\(name)'")
        }
    }

    /// The resource name at the end of an ARN of `type` (`stateMachine`, `activity`,
    /// `execution`), or InvalidArn.
    static func parse(_ arn: String, type: String) throws(SluiceError) -> [String] {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "states" else {
            throw SluiceError(.invalidArn, "Invalid Arn: 'Invalid ARN prefix: \(arn)'")
        }
        guard parts.count >= 7, parts[5] == type, parts[6...].allSatisfy({ !$0.isEmpty }) else {
            throw SluiceError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(parts[5])'")
        }
        return Array(parts[6...])
    }
}
