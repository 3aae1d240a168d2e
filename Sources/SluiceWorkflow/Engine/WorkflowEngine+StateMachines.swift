import Foundation
import SluiceCore
public import SluiceStore

/// What CreateStateMachine and UpdateStateMachine take.
public struct StateMachineDraft: Sendable {
    public var name: String
    public var definition: String
    public var roleArn: String
    public var type: String
    public var loggingConfiguration: String
    public var tracingEnabled: Bool
    public var tags: [String: String]

    public init(name: String, definition: String, roleArn: String, type: String = "STANDARD", loggingConfiguration: String = "{}", tracingEnabled: Bool = false, tags: [String: String] = [:]) {
        self.name = name
        self.definition = definition
        self.roleArn = roleArn
        self.type = type
        self.loggingConfiguration = loggingConfiguration
        self.tracingEnabled = tracingEnabled
        self.tags = tags
    }
}

extension WorkflowEngine {
    /// Checks a definition without storing it: the diagnostics ValidateStateMachineDefinition
    /// returns (empty when it is valid).
    public func validate(definition text: String) -> [DefinitionDiagnostic] {
        do {
            _ = try StateMachineDefinition.parse(text)
            return []
        } catch {
            return error.diagnostics
        }
    }

    public func createStateMachine(_ draft: StateMachineDraft) async throws -> StateMachineRecord {
        try ResourceNames.validate(draft.name, kind: "state machine")
        guard draft.type == "STANDARD" || draft.type == "EXPRESS" else {
            throw SluiceError(.validation, "1 validation error detected: Value '\(draft.type)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
        }
        try Self.validateRoleArn(draft.roleArn)
        do {
            _ = try definition(draft.definition)
        } catch {
            throw SluiceError(.invalidDefinition, error.message)
        }
        let record = StateMachineRecord(
            arn: names.stateMachineArn(draft.name), name: draft.name, type: draft.type, definition: draft.definition,
            roleArn: draft.roleArn, createdMillis: clock.nowMillis(), revisionId: UUID().uuidString.lowercased(),
            loggingConfiguration: draft.loggingConfiguration, tracingEnabled: draft.tracingEnabled, tags: draft.tags)
        let stored = try await store.createStateMachine(record)
        // Creating the same machine again is idempotent; a different one under the name is not.
        // AWS ignores a different roleArn or tags on a repeat; the definition, type, logging and
        // tracing settings must match.
        if stored.revisionId != record.revisionId,
            stored.definition != record.definition || stored.type != record.type
                || stored.loggingConfiguration != record.loggingConfiguration || stored.tracingEnabled != record.tracingEnabled
        {
            throw SluiceError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(stored.arn)'")
        }
        return stored
    }

    public func stateMachine(arn: String) async throws -> StateMachineRecord {
        _ = try ResourceNames.parse(arn, type: "stateMachine")
        guard let record = try await store.stateMachine(arn: arn) else {
            throw SluiceError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
        }
        return record
    }

    public func stateMachines() async throws -> [StateMachineRecord] {
        try await store.stateMachines()
    }

    /// Changes the definition and/or role. Running executions keep the definition they started
    /// with.
    public func updateStateMachine(arn: String, definition text: String?, roleArn: String?, loggingConfiguration: String?, tracingEnabled: Bool?) async throws -> StateMachineRecord {
        var record = try await stateMachine(arn: arn)
        guard text != nil || roleArn != nil || loggingConfiguration != nil || tracingEnabled != nil else {
            throw SluiceError(.missingRequiredParameter, "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")
        }
        if let text {
            do {
                _ = try definition(text)
            } catch {
                throw SluiceError(.invalidDefinition, error.message)
            }
            record.definition = text
        }
        if let roleArn {
            try Self.validateRoleArn(roleArn)
            record.roleArn = roleArn
        }
        if let loggingConfiguration { record.loggingConfiguration = loggingConfiguration }
        if let tracingEnabled { record.tracingEnabled = tracingEnabled }
        record.revisionId = UUID().uuidString.lowercased()
        try await store.updateStateMachine(record)
        return record
    }

    public func deleteStateMachine(arn: String) async throws {
        _ = try ResourceNames.parse(arn, type: "stateMachine")
        try await store.deleteStateMachine(arn: arn)
    }

    public func tagResource(arn: String, tags: [String: String]) async throws {
        if arn.contains(":activity:") {
            throw SluiceError(.resourceNotFoundInWorkflows, "Tags on activities are not supported yet: \(arn)")
        }
        var record = try await stateMachineForTags(arn)
        record.tags.merge(tags) { $1 }
        guard record.tags.count <= 50 else { throw SluiceError(.tooManyTags, "Too many tags: at most 50 per resource") }
        try await store.updateStateMachine(record)
    }

    public func untagResource(arn: String, keys: [String]) async throws {
        var record = try await stateMachineForTags(arn)
        for key in keys { record.tags.removeValue(forKey: key) }
        try await store.updateStateMachine(record)
    }

    public func tags(arn: String) async throws -> [String: String] {
        try await stateMachineForTags(arn).tags
    }

    private func stateMachineForTags(_ arn: String) async throws -> StateMachineRecord {
        guard (try? ResourceNames.parse(arn, type: "stateMachine")) != nil else {
            throw SluiceError(.invalidArn, "Invalid Arn: '\(arn)'")
        }
        guard let record = try await store.stateMachine(arn: arn) else {
            throw SluiceError(.resourceNotFoundInWorkflows, "Resource not found: '\(arn)'")
        }
        return record
    }

    static func validateRoleArn(_ arn: String) throws(SluiceError) {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", parts[2] == "iam", parts[5].hasPrefix("role/") else {
            throw SluiceError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(arn)'")
        }
    }
}
