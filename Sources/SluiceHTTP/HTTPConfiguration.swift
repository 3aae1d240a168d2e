/// How the HTTP server listens and what it advertises.
public struct HTTPConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The base URL written into queue URLs (`http://sluice.internal:9324`); when nil, each
    /// response uses the Host header of its request.
    public var publicURL: String?
    /// Requests with a larger body are refused with 413 before they are read.
    public var maxBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 9324, publicURL: String? = nil, maxBodyBytes: Int = 8 << 20) {
        self.host = host
        self.port = port
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.maxBodyBytes = maxBodyBytes
    }
}
