import SluiceCore
import Testing

@Suite("Queue attributes: AWS's defaults, ranges and errors")
struct QueueAttributesTests {
    @Test("a new queue has SQS's defaults")
    func defaults() {
        let attributes = QueueAttributes()
        #expect(attributes.wireValue("VisibilityTimeout") == "30")
        #expect(attributes.wireValue("MaximumMessageSize") == "1048576")
        #expect(attributes.wireValue("MessageRetentionPeriod") == "345600")
        #expect(attributes.wireValue("DelaySeconds") == "0")
        #expect(attributes.wireValue("ReceiveMessageWaitTimeSeconds") == "0")
        #expect(attributes.wireValue("SqsManagedSseEnabled") == "true")
        #expect(attributes.wireValue("FifoQueue") == nil)
    }

    @Test("values outside AWS's ranges are InvalidAttributeValue", arguments: [
        ("DelaySeconds", "901"), ("DelaySeconds", "-1"), ("MaximumMessageSize", "1023"),
        ("MaximumMessageSize", "1048577"), ("MessageRetentionPeriod", "59"), ("MessageRetentionPeriod", "1209601"),
        ("ReceiveMessageWaitTimeSeconds", "21"), ("VisibilityTimeout", "43201"), ("VisibilityTimeout", "abc"),
    ])
    func outOfRange(name: String, value: String) {
        var attributes = QueueAttributes()
        #expect {
            try attributes.apply([name: value], creating: true)
        } throws: { ($0 as? SluiceError)?.code == .invalidAttributeValue }
    }

    @Test("bounds themselves are accepted")
    func bounds() throws {
        var attributes = QueueAttributes()
        try attributes.apply(
            ["DelaySeconds": "900", "MaximumMessageSize": "1024", "MessageRetentionPeriod": "1209600",
             "ReceiveMessageWaitTimeSeconds": "20", "VisibilityTimeout": "0"], creating: true)
        #expect(attributes.delaySeconds == 900 && attributes.visibilityTimeout == 0)
    }

    @Test("unknown names and FIFO-only names on a standard queue are InvalidAttributeName")
    func unknownNames() {
        for name in ["Bogus", "ContentBasedDeduplication", "FifoThroughputLimit"] {
            var attributes = QueueAttributes()
            #expect {
                try attributes.apply([name: "true"], creating: true)
            } throws: { ($0 as? SluiceError)?.code == .invalidAttributeName }
        }
    }

    @Test("FifoQueue cannot change after creation")
    func fifoIsFixed() {
        var attributes = QueueAttributes(fifoQueue: true)
        #expect(throws: SluiceError.self) { try attributes.apply(["FifoQueue": "false"], creating: false) }
    }

    @Test("perMessageGroupId throughput needs messageGroup deduplication scope")
    func throughputNeedsScope() throws {
        var attributes = QueueAttributes(fifoQueue: true)
        #expect(throws: SluiceError.self) {
            try attributes.apply(["FifoThroughputLimit": "perMessageGroupId"], creating: true)
        }
        try attributes.apply(
            ["FifoThroughputLimit": "perMessageGroupId", "DeduplicationScope": "messageGroup"], creating: true)
    }

    @Test("RedrivePolicy accepts a numeric string count and rejects bad ARNs and counts")
    func redrivePolicy() throws {
        let policy = try RedrivePolicy(json: #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"5"}"#)
        #expect(policy.maxReceiveCount == 5)
        #expect(throws: SluiceError.self) {
            try RedrivePolicy(json: #"{"deadLetterTargetArn":"dummy","maxReceiveCount":5}"#)
        }
        #expect(throws: SluiceError.self) {
            try RedrivePolicy(json: #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:0:dlq","maxReceiveCount":1001}"#)
        }
        #expect(throws: SluiceError.self) { try RedrivePolicy(json: "not json") }
    }

    @Test("RedriveAllowPolicy byQueue admits only the listed sources")
    func redriveAllowPolicy() throws {
        let policy = try RedriveAllowPolicy(
            json: #"{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:0:a"]}"#)
        #expect(policy.allows(sourceArn: "arn:aws:sqs:us-east-1:0:a"))
        #expect(!policy.allows(sourceArn: "arn:aws:sqs:us-east-1:0:b"))
        #expect(throws: SluiceError.self) { try RedriveAllowPolicy(json: #"{"redrivePermission":"byQueue"}"#) }
        #expect(!(try RedriveAllowPolicy(json: #"{"redrivePermission":"denyAll"}"#)).allows(sourceArn: "x"))
    }

    @Test("queue names: 80 characters of letters, digits, - and _, FIFO ending in .fifo", arguments: [
        ("orders", false, true), ("orders.fifo", true, true), ("orders", true, false), ("bad name", false, false),
        (String(repeating: "a", count: 80), false, true), (String(repeating: "a", count: 81), false, false),
        (String(repeating: "a", count: 75) + ".fifo", true, true), ("", false, false),
    ])
    func names(name: String, fifo: Bool, valid: Bool) {
        #expect(((try? QueueName.validate(name, fifo: fifo)) != nil) == valid)
    }

    @Test("receipt handles round-trip and garbage is not one")
    func receiptHandles() {
        let handle = ReceiptHandle(queueId: 7, sequenceNumber: 123_456, token: .max)
        #expect(ReceiptHandle(handle.description) == handle)
        #expect(ReceiptHandle("not-a-handle") == nil)
        #expect(ReceiptHandle("") == nil)
    }

    @Test("KMS and SQS-managed encryption cannot be asked for together")
    func encryptionExclusive() {
        var attributes = QueueAttributes()
        #expect {
            try attributes.apply(["KmsMasterKeyId": "alias/x", "SqsManagedSseEnabled": "true"], creating: false)
        } throws: { ($0 as? SluiceError)?.code == .invalidAttributeName }
    }

    @Test("changing a FIFO queue to standard is InvalidAttributeValue; FifoQueue on a standard queue is unknown")
    func modifyingQueueType() throws {
        var fifo = QueueAttributes(fifoQueue: true)
        try fifo.apply(["FifoQueue": "true"], creating: false)
        #expect {
            try fifo.apply(["FifoQueue": "false"], creating: false)
        } throws: { ($0 as? SluiceError)?.code == .invalidAttributeValue }
        var standard = QueueAttributes()
        #expect {
            try standard.apply(["FifoQueue": "true"], creating: false)
        } throws: { ($0 as? SluiceError)?.code == .invalidAttributeName }
    }
}

