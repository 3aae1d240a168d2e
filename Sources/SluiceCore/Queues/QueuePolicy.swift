/// Edits a queue's access policy the way AddPermission and RemovePermission do: one statement
/// per label, the label as its `Sid`.
public enum QueuePolicy {
    public static func adding(
        label: String, accounts: [String], actions: [String], to policy: String?, queueArn: String
    ) throws(SluiceError) -> String {
        var document = (policy.flatMap { try? JSON.parse($0) }?.objectValue) ?? [
            "Version": .string("2008-10-17"), "Id": .string("\(queueArn)/SQSDefaultPolicy"),
        ]
        var statements = document["Statement"]?.arrayValue ?? []
        if statements.contains(where: { $0.objectValue?["Sid"]?.stringValue == label }) {
            throw SluiceError.invalidParameter("Label", label, reason: "Already exists.")
        }
        let principals = accounts.map { JSON.string("arn:aws:iam::\($0):root") }
        let sqsActions = actions.map { JSON.string($0.hasPrefix("SQS:") ? $0 : "SQS:\($0)") }
        statements.append(
            .object([
                "Sid": .string(label), "Effect": .string("Allow"),
                "Principal": .object(["AWS": principals.count == 1 ? principals[0] : .array(principals)]),
                "Action": sqsActions.count == 1 ? sqsActions[0] : .array(sqsActions),
                "Resource": .string(queueArn),
            ]))
        document["Statement"] = .array(statements)
        return JSON.object(document).compactText
    }

    public static func removing(label: String, from policy: String?) throws(SluiceError) -> String? {
        guard var document = policy.flatMap({ try? JSON.parse($0) })?.objectValue,
            var statements = document["Statement"]?.arrayValue,
            let index = statements.firstIndex(where: { $0.objectValue?["Sid"]?.stringValue == label })
        else {
            throw SluiceError.invalidParameter("Label", label, reason: "can't find label.")
        }
        statements.remove(at: index)
        if statements.isEmpty { return nil }
        document["Statement"] = .array(statements)
        return JSON.object(document).compactText
    }
}
