import Foundation
import HTTPTypes
import SluiceWorker

enum UpdateFunctionCode: LambdaAction {
    static let name = "UpdateFunctionCode"
    static let method = HTTPRequest.Method.put
    static let path = "/2015-03-31/functions/{FunctionName}/code"

    struct Input: JSONBodyInput {
        var FunctionName: String
        var ZipFile: Data?
        var S3Bucket: String?
        var RevisionId: String?
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> ConfigurationOutput {
        ConfigurationOutput(try await context.functions.updateFunctionCode(
            name: input.FunctionName, zip: input.ZipFile, revisionId: input.RevisionId))
    }
}
