import Foundation
import SluiceCore

/// The overflow queue of a remote Sluice, as a `sluice worker` consumes it: receive, answer
/// on the origin's reply queue, delete.
struct RemoteOverflow: OverflowTransport {
    let remote: RemoteSluice
    let queueURL: String
    let node: String

    func send(_ envelope: OverflowEnvelope) async throws {
        _ = try await remote.sqs("SendMessage", ["QueueUrl": .string(queueURL), "MessageBody": .string(envelope.json.compactText)])
    }

    func receive(upTo count: Int, waitSeconds: Int) async throws -> [OverflowDelivery] {
        let answer = try await remote.sqs("ReceiveMessage", [
            "QueueUrl": .string(queueURL), "MaxNumberOfMessages": .int(count), "WaitTimeSeconds": .int(waitSeconds),
            "VisibilityTimeout": .int(BrokerOverflow.visibilitySeconds),
        ])
        var deliveries: [OverflowDelivery] = []
        for message in answer["Messages"]?.arrayValue ?? [] {
            guard let body = message["Body"]?.stringValue, let handle = message["ReceiptHandle"]?.stringValue else { continue }
            guard let envelope = OverflowEnvelope(body) else {
                _ = try? await remote.sqs("DeleteMessage", ["QueueUrl": .string(queueURL), "ReceiptHandle": .string(handle)])
                continue
            }
            deliveries.append(OverflowDelivery(envelope: envelope, handle: handle))
        }
        return deliveries
    }

    func finish(_ delivery: OverflowDelivery, reply: OverflowReply) async {
        _ = try? await remote.sqs("SendMessage", [
            "QueueUrl": .string(delivery.envelope.replyTo), "MessageBody": .string(reply.json.compactText),
        ])
        _ = try? await remote.sqs("DeleteMessage", ["QueueUrl": .string(queueURL), "ReceiptHandle": .string(delivery.handle)])
    }

    func release(_ delivery: OverflowDelivery) async {
        _ = try? await remote.sqs("ChangeMessageVisibility", [
            "QueueUrl": .string(queueURL), "ReceiptHandle": .string(delivery.handle), "VisibilityTimeout": 0,
        ])
    }
}
