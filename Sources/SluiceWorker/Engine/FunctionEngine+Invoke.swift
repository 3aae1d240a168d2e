import Foundation
import NIOCore
import NIOFoundationCompat
public import SluiceCore

extension FunctionEngine {
    /// Invoke with `RequestResponse`: runs the function in its pool (or its command or URL)
    /// and answers as Lambda does.
    public func invoke(_ invocation: FunctionInvocation) async throws -> FunctionResponse {
        let function = try prepare(invocation)
        let requestId = invocation.requestId ?? IdentifierGenerator.uuid()
        let payload = invocation.payload.isEmpty ? Data("{}".utf8) : invocation.payload
        if case .external(let external) = function.source {
            return try await externalRunner.run(external, payload: payload, requestId: requestId)
        }
        let spec = try await spec(function)
        let outcome = try await pool(named: function.pool).invoke(
            spec, payload: ByteBuffer(data: payload), clientContext: try Self.clientContext(invocation.clientContext),
            wantsLogTail: invocation.wantsLogTail, requestId: requestId)
        switch outcome {
        case .response(let payload, let failed, let tail):
            return FunctionResponse(
                requestId: requestId, payload: Data(buffer: payload), functionError: failed ? .unhandled : nil,
                logTail: tail)
        case .failure(let error):
            throw error
        }
    }

    /// Invoke with `DryRun`: checks the request as Invoke would, runs nothing.
    public func dryRun(_ invocation: FunctionInvocation) throws(SluiceError) {
        _ = try prepare(invocation)
    }

    /// The function an invocation names, after Lambda's checks of its request.
    func prepare(_ invocation: FunctionInvocation) throws(SluiceError) -> KnownFunction {
        var name = try FunctionName.parse(invocation.functionName)
        if let qualifier = invocation.qualifier {
            if let named = name.qualifier, named != qualifier {
                throw SluiceError(.invalidParameterValue, "The derived qualifier from the function name does not match the specified qualifier.")
            }
            name.qualifier = qualifier
        }
        guard invocation.payload.count <= FunctionLimits.synchronousPayloadBytes else {
            throw SluiceError(
                .requestEntityTooLarge,
                "Request must be smaller than \(FunctionLimits.synchronousPayloadBytes) bytes for the InvokeFunction operation")
        }
        let function = try known(name)
        if !invocation.payload.isEmpty {
            do {
                _ = try JSON.parse(data: invocation.payload)
            } catch {
                throw SluiceError(.invalidRequestContent, "Could not parse request body into json: \(error)")
            }
        }
        _ = try Self.clientContext(invocation.clientContext)
        return function
    }

    /// `X-Amz-Client-Context` is base64 JSON; the worker gets the JSON.
    static func clientContext(_ encoded: String?) throws(SluiceError) -> String? {
        guard let encoded else { return nil }
        guard encoded.utf8.count <= 3583, let data = Data(base64Encoded: encoded), (try? JSON.parse(data: data)) != nil else {
            throw SluiceError(.invalidParameterValue, "Client context must be a valid Base64-encoded JSON object of at most 3583 bytes.")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
