import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SluiceCore
import SluiceHTTP
import SluiceTesting
import Testing

/// The HTTP handlers in-process, without a socket.
struct HTTPHarness {
    let harness: BrokerHarness

    static func make(publicURL: String? = nil) async throws -> (HTTPHarness, some ApplicationProtocol) {
        let harness = try await BrokerHarness.make()
        let app = buildApplication(
            broker: harness.broker, configuration: HTTPConfiguration(port: 0, publicURL: publicURL),
            logger: Logger(label: "test"))
        return (HTTPHarness(harness: harness), app)
    }
}

extension TestClientProtocol {
    func sqs(_ action: String, _ json: String, host: String = "localhost:9324") async throws -> TestResponse {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Amz-Target")!] = "AmazonSQS.\(action)"
        headers[.contentType] = "application/x-amz-json-1.0"
        return try await execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    func query(_ form: String, path: String = "/") async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: form))
    }
}

func object(_ response: TestResponse) throws -> JSONObject {
    try #require(try JSON.parse(data: Data(buffer: response.body)).objectValue)
}

@Suite("HTTP: the SQS JSON 1.0 protocol")
struct SQSJSONTests {
    @Test("CreateQueue answers a queue URL built from the request's host")
    func createQueue() async throws {
        let (_, app) = try await HTTPHarness.make()
        try await app.test(.router) { client in
            let response = try await client.sqs("CreateQueue", #"{"QueueName":"orders"}"#)
            #expect(response.status == .ok)
            let url = try object(response)["QueueUrl"]?.stringValue
            #expect(url?.hasSuffix("/000000000000/orders") == true)
        }
    }

    @Test("--public-url sets the advertised queue URL")
    func publicURL() async throws {
        let (_, app) = try await HTTPHarness.make(publicURL: "http://sluice.internal:9324/")
        try await app.test(.router) { client in
            let response = try await client.sqs("CreateQueue", #"{"QueueName":"q"}"#)
            #expect(try object(response)["QueueUrl"]?.stringValue == "http://sluice.internal:9324/000000000000/q")
        }
    }

    @Test("a missing queue is AWS's NonExistentQueue error: 400, __type, query-error header")
    func missingQueue() async throws {
        let (_, app) = try await HTTPHarness.make()
        try await app.test(.router) { client in
            let response = try await client.sqs("GetQueueUrl", #"{"QueueName":"nope"}"#)
            #expect(response.status == .badRequest)
            #expect(try object(response)["__type"]?.stringValue == "com.amazonaws.sqs#QueueDoesNotExist")
            #expect(try object(response)["message"]?.stringValue == "The specified queue does not exist.")
            #expect(response.headers[HTTPField.Name("x-amzn-query-error")!] == "AWS.SimpleQueueService.NonExistentQueue;Sender")
            #expect(response.headers[HTTPField.Name("x-amzn-RequestId")!] != nil)
        }
    }

    @Test("malformed JSON, a wrong type, a missing member and an unknown action are 400s, never 500s")
    func badInput() async throws {
        let (_, app) = try await HTTPHarness.make()
        try await app.test(.router) { client in
            let malformed = try await client.sqs("CreateQueue", #"{"QueueName": "#)
            #expect(malformed.status == .badRequest)
            #expect(try object(malformed)["__type"]?.stringValue?.hasSuffix("SerializationException") == true)
            _ = try await client.sqs("CreateQueue", #"{"QueueName":"q"}"#)
            let wrongType = try await client.sqs(
                "ReceiveMessage", #"{"QueueUrl":"http://x/000000000000/q","MaxNumberOfMessages":"ten"}"#)
            #expect(wrongType.status == .badRequest)
            let missing = try await client.sqs("SendMessage", #"{"QueueUrl":"http://x/000000000000/q"}"#)
            #expect(missing.headers[HTTPField.Name("x-amzn-query-error")!] == "MissingParameter;Sender")
            let unknown = try await client.sqs("FlyToTheMoon", "{}")
            #expect(unknown.status == .badRequest)
            #expect(try object(unknown)["__type"]?.stringValue?.hasSuffix("UnknownOperationException") == true)
        }
    }

    @Test("a send and receive round trip keeps body, attributes and their digests")
    func roundTrip() async throws {
        let (_, app) = try await HTTPHarness.make()
        try await app.test(.router) { client in
            _ = try await client.sqs("CreateQueue", #"{"QueueName":"q"}"#)
            let sent = try object(try await client.sqs("SendMessage", #"""
                {"QueueUrl":"http://any-host/000000000000/q","MessageBody":"hi",
                 "MessageAttributes":{"Foo":{"DataType":"String","StringValue":"Bar"}}}
                """#))
            #expect(sent["MD5OfMessageAttributes"]?.stringValue == "ae7155c6026991b6d54b11589678bf9c")
            let received = try object(try await client.sqs("ReceiveMessage", #"""
                {"QueueUrl":"http://localhost/000000000000/q","MessageAttributeNames":["All"],
                 "MessageSystemAttributeNames":["SenderId","ApproximateReceiveCount"]}
                """#))
            let message = try #require(received["Messages"]?.arrayValue?.first?.objectValue)
            #expect(message["Body"]?.stringValue == "hi")
            #expect(message["MD5OfMessageAttributes"]?.stringValue == "ae7155c6026991b6d54b11589678bf9c")
            #expect(message["Attributes"]?.objectValue?["ApproximateReceiveCount"]?.stringValue == "1")
        }
    }

    @Test("batches report per-entry failures and refuse bad entry ids as a whole")
    func batches() async throws {
        let (_, app) = try await HTTPHarness.make()
        try await app.test(.router) { client in
            _ = try await client.sqs("CreateQueue", #"{"QueueName":"q"}"#)
            let result = try object(try await client.sqs("SendMessageBatch", #"""
                {"QueueUrl":"http://h/000000000000/q","Entries":[{"Id":"ok","MessageBody":"a"},{"Id":"bad","MessageBody":"\u0001"}]}
                """#))
            #expect(result["Successful"]?.arrayValue?.count == 1)
            #expect(result["Failed"]?.arrayValue?.first?.objectValue?["Code"]?.stringValue == "InvalidMessageContents")
            let duplicate = try await client.sqs("SendMessageBatch", #"""
                {"QueueUrl":"http://h/000000000000/q","Entries":[{"Id":"x","MessageBody":"a"},{"Id":"x","MessageBody":"b"}]}
                """#)
            #expect(duplicate.headers[HTTPField.Name("x-amzn-query-error")!] == "AWS.SimpleQueueService.BatchEntryIdsNotDistinct;Sender")
        }
    }
}

@Suite("HTTP: the SQS query protocol")
struct SQSQueryTests {
    @Test("form parameters in, SQS's XML out")
    func sendAndReceive() async throws {
        let (_, app) = try await HTTPHarness.make()
        try await app.test(.router) { client in
            let created = try await client.query("Action=CreateQueue&QueueName=q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=40")
            #expect(String(buffer: created.body).contains("/000000000000/q</QueueUrl>"))
            let sent = try await client.query(
                "Action=SendMessage&MessageBody=hello+world&MessageAttribute.1.Name=Foo&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=Bar",
                path: "/000000000000/q")
            let sentXML = String(buffer: sent.body)
            #expect(sentXML.contains("<MD5OfMessageAttributes>ae7155c6026991b6d54b11589678bf9c</MD5OfMessageAttributes>"))
            #expect(sentXML.contains("<SendMessageResult>"))
            let received = String(buffer: try await client.query(
                "Action=ReceiveMessage&QueueUrl=http%3A%2F%2Fh%2F000000000000%2Fq&AttributeName.1=All&MessageAttributeName.1=All").body)
            #expect(received.contains("<Body>hello world</Body>"))
            #expect(received.contains("<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>"))
            #expect(received.contains("<MessageAttribute><Name>Foo</Name>"))
            let attributes = String(buffer: try await client.query(
                "Action=GetQueueAttributes&AttributeName.1=VisibilityTimeout", path: "/000000000000/q").body)
            #expect(attributes.contains("<Attribute><Name>VisibilityTimeout</Name><Value>40</Value></Attribute>"))
        }
    }

    @Test("errors are ErrorResponse documents with the query code")
    func errorDocument() async throws {
        let (_, app) = try await HTTPHarness.make()
        try await app.test(.router) { client in
            let response = try await client.query("Action=GetQueueUrl&QueueName=nope")
            #expect(response.status == .badRequest)
            let xml = String(buffer: response.body)
            #expect(xml.contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"))
            #expect(xml.contains("<Type>Sender</Type>"))
            #expect(xml.contains("<RequestId>"))
        }
    }
}
