import Testing
@testable import SluiceHTTP

@Suite("HTTP: queue URLs and access keys are read from the request")
struct RequestRoutingTests {
    @Test("a queue URL names account and queue by its path, whatever the scheme, host or query", arguments: [
        ("http://localhost:9324/000000000000/orders", "000000000000", "orders"),
        ("https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo", "123456789012", "jobs.fifo"),
        ("http://host/123/q?Action=SendMessage", "123", "q"),
        ("/123/q", "123", "q"),
        ("http://host//123//q/", "123", "q"),
    ])
    func parsesQueueURLs(url: String, account: String, name: String) {
        let parsed = QueueURL.parse(url)
        #expect(parsed?.account == account)
        #expect(parsed?.name == name)
    }

    @Test("anything but ACCOUNT/NAME is no queue URL", arguments: [
        "http://host", "http://host/", "http://host/123", "http://host/123/q/extra", "q", "",
    ])
    func refusesOtherURLs(url: String) {
        #expect(QueueURL.parse(url) == nil)
    }

    @Test("the access key is the SigV4 credential's first part")
    func accessKey() {
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=abc"
        #expect(SluiceResponder.accessKey(header) == "AKIDEXAMPLE")
        #expect(SluiceResponder.accessKey("AWS4-HMAC-SHA256 Credential=KEY,SignedHeaders=host") == "KEY")
        #expect(SluiceResponder.accessKey("AWS4-HMAC-SHA256 Credential=/2025/") == nil)
        #expect(SluiceResponder.accessKey("Bearer token") == nil)
        #expect(SluiceResponder.accessKey(nil) == nil)
    }
}
