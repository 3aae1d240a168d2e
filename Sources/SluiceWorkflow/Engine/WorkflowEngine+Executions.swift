import Foundation
import SluiceCore
public import SluiceStore

/// What StartSyncExecution answers.
public struct SyncExecutionResult: Sendable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String
    public var startMillis: Int64
    public var stopMillis: Int64
    public var status: ExecutionStatus
    public var input: String
    public var output: String?
    public var error: String?
    public var cause: String?
}

extension WorkflowEngine {
    /// Starts an execution and answers at once. Standard: recorded, then run by the service;
    /// idempotent by name while the same input runs. Express: run in memory.
    public func startExecution(stateMachineArn: String, name: String?, input: String?) async throws -> (arn: String, startMillis: Int64) {
        let machine = try await stateMachine(arn: stateMachineArn)
        let name = name ?? UUID().uuidString.lowercased()
        try ResourceNames.validate(name, kind: "execution")
        let inputJSON = try Self.parseInput(input)
        let inputText = input ?? "{}"
        let now = clock.nowMillis()
        if machine.type == "EXPRESS" {
            let arn = names.expressExecutionArn(machine: machine.name, name: name)
            enqueue { [self] in
                // Nobody waits for an asynchronous Express execution: its end goes to the log.
                let logger = configuration.logger
                do {
                    let result = try await runExpress(machine, arn: arn, name: name, input: inputJSON, inputText: inputText, start: now)
                    logger.info("express execution ended", metadata: [
                        "sluice.execution_arn": "\(arn)", "sluice.status": "\(result.status)",
                        "sluice.error": "\(result.error ?? "")",
                    ])
                } catch {
                    logger.error("express execution could not run", metadata: ["sluice.execution_arn": "\(arn)", "error": "\(error)"])
                }
            }
            return (arn, now)
        }
        let record = ExecutionRecord(
            arn: names.executionArn(machine: machine.name, name: name), stateMachineArn: machine.arn, name: name,
            status: .running, input: inputText, startMillis: now, definition: machine.definition, roleArn: machine.roleArn)
        let (type, key, details) = EventKind.executionStarted(input: inputJSON, roleArn: machine.roleArn).typeAndDetails
        let started = HistoryEvent(id: 1, previousEventId: 0, timestampMillis: now, type: type, detailsKey: key, details: details)
        switch try await store.startExecution(record, events: [started.record]) {
        case .started:
            enqueue { [self] in await self.runStandard(record, previousEventId: 0) }
            return (record.arn, now)
        case .existing(let existing):
            if existing.status == .running, existing.input == inputText {
                return (existing.arn, existing.startMillis)
            }
            throw SluiceError(.executionAlreadyExists, "Execution Already Exists: '\(existing.arn)'")
        }
    }

    /// Runs an Express execution to its end (at most 5 minutes) and answers with its result.
    public func startSyncExecution(stateMachineArn: String, name: String?, input: String?) async throws -> SyncExecutionResult {
        let machine = try await stateMachine(arn: stateMachineArn)
        guard machine.type == "EXPRESS" else {
            throw SluiceError(.stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
        }
        let name = name ?? UUID().uuidString.lowercased()
        try ResourceNames.validate(name, kind: "execution")
        let inputJSON = try Self.parseInput(input)
        let arn = names.expressExecutionArn(machine: machine.name, name: name)
        return try await runExpress(machine, arn: arn, name: name, input: inputJSON, inputText: input ?? "{}", start: clock.nowMillis())
    }

    func runExpress(_ machine: StateMachineRecord, arn: String, name: String, input: JSON, inputText: String, start: Int64) async throws -> SyncExecutionResult {
        let definition: StateMachineDefinition
        do {
            definition = try self.definition(machine.definition)
        } catch {
            throw SluiceError(.invalidDefinition, error.message)
        }
        let info = ExecutionInfo(
            executionArn: arn, name: name, stateMachineArn: machine.arn, stateMachineName: machine.name,
            roleArn: machine.roleArn, region: configuration.region, input: input, startMillis: start)
        let interpreter = Interpreter(definition: definition, info: info, journal: DiscardingJournal(), clock: clock, tasks: tasks, lastEventId: 1)
        var deadline = start + configuration.expressTimeoutMillis
        if let seconds = definition.timeoutSeconds { deadline = min(deadline, start + Int64(seconds) * 1000) }
        let outcome = await race(interpreter, previousEventId: 0, stop: nil, deadline: deadline)
        var result = SyncExecutionResult(
            executionArn: arn, stateMachineArn: machine.arn, name: name, startMillis: start, stopMillis: clock.nowMillis(),
            status: .succeeded, input: inputText)
        switch outcome {
        case .succeeded(let output): result.output = output.compactText
        case .failed(let error):
            result.status = .failed
            result.error = error.name
            result.cause = error.cause
        case .timedOut: result.status = .timedOut
        case .stopped: result.status = .aborted
        case .interrupted(let error): throw error
        }
        return result
    }

    public func execution(arn: String) async throws -> ExecutionRecord {
        _ = try ResourceNames.parse(arn, type: "execution")
        guard let record = try await store.execution(arn: arn) else {
            throw SluiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'")
        }
        return record
    }

    public func executions(_ query: ExecutionQuery) async throws -> [ExecutionRecord] {
        let machine = try await stateMachine(arn: query.stateMachineArn)
        guard machine.type == "STANDARD" else {
            throw SluiceError(.stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
        }
        return try await store.executions(query)
    }

    public func history(executionArn: String, afterId: Int?, limit: Int, reverse: Bool) async throws -> [HistoryEventRecord] {
        _ = try await execution(arn: executionArn)
        return try await store.history(executionArn: executionArn, afterId: afterId, limit: limit, reverse: reverse)
    }

    /// Stops a running execution (ABORTED) and returns when that is recorded. A finished
    /// execution is left as it is.
    public func stopExecution(arn: String, error: String?, cause: String?) async throws -> Int64 {
        let record = try await execution(arn: arn)
        guard record.status == .running else { return record.stopMillis ?? clock.nowMillis() }
        let reason = StatesError(name: error, cause: cause)
        // Either the runner in this process records the abort, or, when there is none (not
        // started or resumed yet, or interrupted), this call claims the execution so that none
        // starts meanwhile and records it directly. A runner may appear between the two
        // checks: go round again until the store no longer says RUNNING.
        for _ in 0..<100 {
            if let signal = running.withLock({ $0[arn] }) {
                signal.fire(reason)
                await signal.waitUntilFinished()
            } else if let claimed = claim(arn) {
                defer { release(arn, claimed) }
                if let current = try await store.execution(arn: arn), current.status == .running {
                    try await abortDirectly(current, reason: reason)
                }
            }
            guard let current = try await store.execution(arn: arn), current.status == .running else {
                return try await store.execution(arn: arn)?.stopMillis ?? clock.nowMillis()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw SluiceError(.internalFailure, "The execution could not be stopped; try again: '\(arn)'")
    }

    private func abortDirectly(_ record: ExecutionRecord, reason: StatesError) async throws {
        let last = try await store.lastEventId(executionArn: record.arn)
        var final = record
        final.status = .aborted
        final.error = reason.name
        final.cause = reason.cause
        final.stopMillis = clock.nowMillis()
        let (type, key, details) = EventKind.executionAborted(reason.name == nil && reason.cause == nil ? nil : reason).typeAndDetails
        let event = HistoryEvent(id: last + 1, previousEventId: last, timestampMillis: final.stopMillis ?? 0, type: type, detailsKey: key, details: details)
        _ = try await store.finishExecution(final, events: [event.record])
    }

    /// Resumes a FAILED, ABORTED or TIMED_OUT execution from where it stopped, under the same
    /// ARN.
    public func redriveExecution(arn: String) async throws -> Int64 {
        var record = try await execution(arn: arn)
        guard record.isRedrivable else { throw SluiceError(.executionNotRedrivable, record.notRedrivableReason) }
        guard try await !store.frames(executionArn: arn).isEmpty else {
            throw SluiceError(.executionNotRedrivable, "Execution failed before its first state and cannot be redriven: '\(arn)'")
        }
        let now = clock.nowMillis()
        let last = try await store.lastEventId(executionArn: arn)
        let (type, key, details) = EventKind.executionRedriven(redriveCount: record.redriveCount + 1).typeAndDetails
        let event = HistoryEvent(id: last + 1, previousEventId: last, timestampMillis: now, type: type, detailsKey: key, details: details)
        record.redriveMillis = now
        guard try await store.redriveExecution(record, from: ExecutionStatus.redrivable, events: [event.record]) else {
            throw SluiceError(.executionNotRedrivable, "Execution is not redrivable: '\(arn)'")
        }
        record.status = .running
        record.redriveCount += 1
        record.output = nil
        record.error = nil
        record.cause = nil
        record.stopMillis = nil
        enqueue { [self, record] in await self.runStandard(record, previousEventId: event.id) }
        return now
    }
}
