import Foundation
import HTTPTypes
import SluiceWorker

enum CreateFunction: LambdaAction {
    static let name = "CreateFunction"
    static let method = HTTPRequest.Method.post
    static let path = "/2015-03-31/functions"

    struct Input: JSONBodyInput {
        struct Code: Decodable, Sendable {
            var ZipFile: Data?
            var S3Bucket: String?
            var S3Key: String?
            var ImageUri: String?
        }

        struct EnvironmentInput: Decodable, Sendable {
            var Variables: [String: String]?
        }

        var FunctionName: String
        var Runtime: String?
        var Role: String?
        var Handler: String?
        var Code: Code
        var Description: String?
        var Timeout: Int?
        var MemorySize: Int?
        var Environment: EnvironmentInput?
        var PackageType: String?
        var Tags: [String: String]?
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> ConfigurationOutput {
        let settings = FunctionSettings(
            runtime: input.Runtime, handler: input.Handler, role: input.Role, description: input.Description,
            timeoutSeconds: input.Timeout, memoryMB: input.MemorySize, environment: input.Environment?.Variables)
        let record = try await context.functions.createFunction(
            name: input.FunctionName, settings: settings, zip: input.Code.ZipFile, tags: input.Tags ?? [:],
            packageType: input.PackageType, s3Code: input.Code.S3Bucket != nil)
        return ConfigurationOutput(record, status: 201)
    }
}
