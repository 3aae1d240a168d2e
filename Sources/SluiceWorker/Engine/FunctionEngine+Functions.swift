public import Foundation
public import SluiceCore
public import SluiceStore

/// Lambda's function actions: CreateFunction, GetFunction, ListFunctions, UpdateFunctionCode,
/// UpdateFunctionConfiguration, DeleteFunction. Changes are serialised by `lane`; each is in
/// the store before it is answered, and nothing is created half-way (the package is checked
/// and unpacked first).
extension FunctionEngine {
    /// CreateFunction with a ZipFile package.
    public func createFunction(
        name text: String, settings: FunctionSettings, zip: Data?, tags: [String: String], packageType: String? = nil,
        s3Code: Bool = false
    ) async throws -> FunctionRecord {
        let name = try FunctionName.parse(text)
        guard name.qualifier == nil else { throw Self.qualifiedNameRefused(text) }
        try settings.validate()
        guard let role = settings.role else {
            throw SluiceError(.validation, "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null")
        }
        if let packageType, packageType != "Zip" {
            guard packageType == "Image" else {
                throw SluiceError(.validation, "1 validation error detected: Value '\(packageType)' at 'packageType' failed to satisfy constraint: Member must satisfy enum value set: [Zip, Image]")
            }
            throw SluiceError(.invalidParameterValue, "Sluice runs Zip packages only: container images are not supported.")
        }
        guard let runtime = settings.runtime.flatMap(FunctionRuntime.init),
            settings.handler != nil || { if case .provided = runtime { true } else { false } }()
        else {
            throw SluiceError(.invalidParameterValue, "Runtime and Handler are mandatory parameters for functions created with deployment packages.")
        }
        guard let zip else {
            throw SluiceError(
                .invalidParameterValue,
                s3Code ? "Sluice takes code as ZipFile: S3Bucket and S3Key are not supported yet." : "Please provide a source for function code.")
        }
        try validate(tags)
        let package = try CodePackage(zip: zip)
        return try await lane.run {
            guard functions.withLock({ $0[name.name] }) == nil else {
                throw SluiceError(.resourceConflict, "Function already exist: \(name.name)")
            }
            _ = try package.unpack(into: configuration.codeDirectory)
            let record = FunctionRecord(
                name: name.name, arn: names.functionArn(name.name), runtime: runtime.description,
                handler: settings.handler ?? "", role: role, description: settings.description ?? "",
                timeoutSeconds: settings.timeoutSeconds ?? 3, memoryMB: settings.memoryMB ?? 128,
                environment: settings.environment ?? [:], codeSha256: package.sha256, codeSize: zip.count,
                revisionId: IdentifierGenerator.uuid(), lastModifiedMillis: context.clock.nowMillis(), tags: tags)
            guard try await store.createFunction(record, code: zip) else {
                throw SluiceError(.resourceConflict, "Function already exist: \(name.name)")
            }
            functions.withLock { $0[record.name] = KnownFunction(record: record, source: .stored, pool: Self.pool(of: record)) }
            logger.info("function created", metadata: ["sluice.function": "\(record.name)"])
            return record
        }
    }

    /// GetFunction / GetFunctionConfiguration: the function's configuration, and whether its
    /// package can be downloaded (declared functions have none).
    public func function(named text: String) throws(SluiceError) -> (record: FunctionRecord, pool: String, hasPackage: Bool) {
        let function = try known(try FunctionName.parse(text))
        return (function.record, function.pool, function.isStored)
    }

    /// Every function, by name.
    public func listFunctions() -> [FunctionRecord] {
        functions.withLock { $0.values.map(\.record) }.sorted { $0.name < $1.name }
    }

    /// The package GetFunction's Code.Location serves.
    public func functionPackage(named text: String) async throws -> Data {
        let function = try known(try FunctionName.parse(text))
        guard function.isStored, let zip = try await store.functionCode(sha256: function.record.codeSha256) else {
            throw SluiceError(.resourceNotFound, "The function \(function.record.name) has no package: it is declared in the config file.")
        }
        return zip
    }

    /// UpdateFunctionCode with a ZipFile package.
    public func updateFunctionCode(name text: String, zip: Data?, revisionId: String?) async throws -> FunctionRecord {
        guard let zip else { throw SluiceError(.invalidParameterValue, "Please provide a source for function code.") }
        let package = try CodePackage(zip: zip)
        let root = configuration.codeDirectory
        return try await update(text, revisionId: revisionId, code: zip) { record in
            _ = try package.unpack(into: root)
            record.codeSha256 = package.sha256
            record.codeSize = zip.count
        }
    }

    /// UpdateFunctionConfiguration.
    public func updateFunctionConfiguration(name text: String, settings: FunctionSettings, revisionId: String?) async throws -> FunctionRecord {
        try settings.validate()
        return try await update(text, revisionId: revisionId, code: nil) { record in
            if let runtime = settings.runtime { record.runtime = runtime }
            if let handler = settings.handler { record.handler = handler }
            if let role = settings.role { record.role = role }
            if let description = settings.description { record.description = description }
            if let timeout = settings.timeoutSeconds { record.timeoutSeconds = timeout }
            if let memory = settings.memoryMB { record.memoryMB = memory }
            if let environment = settings.environment { record.environment = environment }
        }
    }

    /// DeleteFunction: the function goes; its idle workers stop, busy ones finish first.
    public func deleteFunction(name text: String) async throws {
        let name = try FunctionName.parse(text)
        if let qualifier = name.qualifier, qualifier != "$LATEST" {
            throw SluiceError(.resourceNotFound, "Function not found: \(names.functionArn(name.name)):\(qualifier)")
        }
        try await lane.run {
            let function = try known(FunctionName(name: name.name))
            guard function.isStored else { throw Self.declaredRefused(function.record.name) }
            _ = try await store.deleteFunction(name: name.name)
            functions.withLock { _ = $0.removeValue(forKey: name.name) }
            pools[function.pool]?.retire(function: name.name, keeping: nil)
            logger.info("function deleted", metadata: ["sluice.function": "\(name.name)"])
        }
    }

    /// Applies `change` to a stored function over the revision the caller read, stores it
    /// under a new revision, and retires the old revision's idle workers.
    private func update(
        _ text: String, revisionId: String?, code: Data?, _ change: @escaping @Sendable (inout FunctionRecord) throws -> Void
    ) async throws -> FunctionRecord {
        let name = try FunctionName.parse(text)
        guard name.qualifier == nil || name.qualifier == "$LATEST" else { throw Self.qualifiedNameRefused(text) }
        return try await lane.run {
            let function = try known(FunctionName(name: name.name))
            guard function.isStored else { throw Self.declaredRefused(function.record.name) }
            let current = function.record
            if let revisionId, revisionId != current.revisionId {
                throw SluiceError(
                    .preconditionFailed,
                    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
            }
            var record = current
            try change(&record)
            record.revisionId = IdentifierGenerator.uuid()
            record.lastModifiedMillis = context.clock.nowMillis()
            guard try await store.updateFunction(record, code: code, expectedRevision: current.revisionId) else {
                throw SluiceError(.resourceConflict, "The function \(record.name) changed while it was being updated: try again.")
            }
            functions.withLock { $0[record.name]?.record = record }
            pools[function.pool]?.retire(function: record.name, keeping: record.revisionId)
            return record
        }
    }

    /// Tags are free for the caller, but the pool tag must name a pool of this server.
    private func validate(_ tags: [String: String]) throws(SluiceError) {
        if let pool = tags[KnownFunction.poolTag], pools[pool] == nil {
            throw SluiceError(
                .invalidParameterValue,
                "The pool '\(pool)' named by the \(KnownFunction.poolTag) tag is not declared: add it to the pools: section of the config file (pools: \(pools.keys.sorted().joined(separator: ", "))).")
        }
    }

    static func declaredRefused(_ name: String) -> SluiceError {
        SluiceError(.resourceConflict, "The function \(name) is declared in the config file: change it there and restart Sluice.")
    }

    static func qualifiedNameRefused(_ text: String) -> SluiceError {
        SluiceError(
            .validation,
            "1 validation error detected: Value '\(text)' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)")
    }
}

extension FunctionEngine {
    /// The end of a function's log, or what follows `offset` (`sluice function logs`).
    public func functionLog(named text: String, lastBytes: Int, after offset: Int?) throws(SluiceError) -> (text: Data, end: Int) {
        let function = try known(try FunctionName.parse(text))
        return context.logs.read(function: function.record.name, lastBytes: lastBytes, after: offset)
    }
}
