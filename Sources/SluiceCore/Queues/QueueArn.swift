/// `arn:aws:sqs:REGION:ACCOUNT:NAME`
public struct QueueArn: Sendable, Hashable, CustomStringConvertible {
    public let region: String
    public let account: String
    public let name: String

    public init(region: String, account: String, name: String) {
        self.region = region
        self.account = account
        self.name = name
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sqs", !parts[4].isEmpty, !parts[5].isEmpty else {
            return nil
        }
        self.init(region: String(parts[3]), account: String(parts[4]), name: String(parts[5]))
    }

    public var description: String { "arn:aws:sqs:\(region):\(account):\(name)" }
}
