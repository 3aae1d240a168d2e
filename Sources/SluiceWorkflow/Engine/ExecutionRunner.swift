import SluiceCore
import SluiceStore

/// How one run of an interpreter ended.
enum RunOutcome {
    case succeeded(JSON)
    case failed(StatesError)
    case timedOut
    case stopped(StatesError)
    /// Cancelled by shutdown, or the store failed: the execution stays RUNNING and resumes at
    /// the next start.
    case interrupted(any Error)
}

extension WorkflowEngine {
    /// Runs the interpreter until it ends, StopExecution fires, or the deadline passes.
    func race(_ interpreter: Interpreter, previousEventId: Int, stop: StopSignal?, deadline: Int64?) async -> RunOutcome {
        await withTaskGroup(of: RunOutcome?.self) { group in
            group.addTask {
                do {
                    return .succeeded(try await interpreter.run(previousEventId: previousEventId))
                } catch let error as StatesError {
                    return .failed(error)
                } catch {
                    return .interrupted(error)
                }
            }
            if let stop {
                group.addTask {
                    await stop.waitForStop()
                    return stop.reason.map(RunOutcome.stopped)
                }
            }
            if let deadline {
                group.addTask { [clock] in
                    do {
                        try await clock.sleep(untilMillis: deadline)
                        return .timedOut
                    } catch {
                        return nil
                    }
                }
            }
            while let result = await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            return .interrupted(CancellationError())
        }
    }

    /// Makes this caller the only one driving `arn` in this process; nil when another runner
    /// (or a StopExecution) holds it.
    func claim(_ arn: String) -> StopSignal? {
        let stop = StopSignal()
        return running.withLock { running in
            guard running[arn] == nil else { return nil }
            running[arn] = stop
            return stop
        }
    }

    func release(_ arn: String, _ stop: StopSignal) {
        running.withLock { running in
            if running[arn] === stop { running[arn] = nil }
        }
        stop.finish()
    }

    /// Runs (or resumes) a Standard execution to its end and records how it ended. Only one
    /// runner drives an execution at a time, and only while the store says it is RUNNING: a
    /// start queued twice (at start-up) or stopped before it began does nothing.
    func runStandard(_ queued: ExecutionRecord, previousEventId: Int?) async {
        let logger = configuration.logger
        guard let stop = claim(queued.arn) else { return }
        defer { release(queued.arn, stop) }
        do {
            guard let record = try await store.execution(arn: queued.arn), record.status == .running else { return }
            let definition: StateMachineDefinition
            do {
                definition = try self.definition(record.definition)
            } catch {
                try await finish(record, status: .failed, error: .runtime(error.message), lastEventId: store.lastEventId(executionArn: record.arn))
                return
            }
            var frames: [ExecutionFrame] = []
            for stored in try await store.frames(executionArn: record.arn) {
                // A frame that no longer reads back must not be dropped: its branch would
                // start over and repeat its effects.
                guard let frame = ExecutionFrame(stored) else {
                    try await finish(record, status: .failed, error: .runtime("The saved state of branch '\(stored.scope)' could not be read"), lastEventId: store.lastEventId(executionArn: record.arn))
                    return
                }
                frames.append(frame)
            }
            let lastEventId = try await store.lastEventId(executionArn: record.arn)
            let interpreter = Interpreter(
                definition: definition, info: info(record), journal: StoreJournal(store: store, executionArn: record.arn),
                clock: clock, tasks: tasks, lastEventId: lastEventId, savedFrames: frames)
            let started = record.redriveMillis ?? record.startMillis
            let deadline = definition.timeoutSeconds.map { started + Int64($0) * 1000 }
            let outcome = await race(interpreter, previousEventId: previousEventId ?? lastEventId, stop: stop, deadline: deadline)
            try await conclude(record, outcome: outcome, interpreter: interpreter)
        } catch {
            logger.error("execution interrupted; it resumes at the next start", metadata: [
                "sluice.execution_arn": "\(queued.arn)", "error": "\(error)",
            ])
        }
    }

    private func conclude(_ record: ExecutionRecord, outcome: RunOutcome, interpreter: Interpreter) async throws {
        var final = record
        final.stopMillis = clock.nowMillis()
        let event: HistoryEvent
        switch outcome {
        case .succeeded(let output):
            final.status = .succeeded
            final.output = output.compactText
            event = interpreter.event(.executionSucceeded(output: output), previous: 0)
        case .failed(let error):
            final.status = .failed
            final.error = error.name
            final.cause = error.cause
            event = interpreter.event(.executionFailed(error), previous: 0)
        case .timedOut:
            final.status = .timedOut
            event = interpreter.event(.executionTimedOut, previous: 0)
        case .stopped(let reason):
            final.status = .aborted
            final.error = reason.name
            final.cause = reason.cause
            event = interpreter.event(.executionAborted(reason.name == nil && reason.cause == nil ? nil : reason), previous: 0)
        case .interrupted(let error):
            throw error
        }
        var last = event
        last.previousEventId = event.id - 1
        _ = try await store.finishExecution(final, events: [last.record])
    }

    /// Finishes an execution that cannot run at all (its stored definition no longer parses).
    private func finish(_ record: ExecutionRecord, status: ExecutionStatus, error: StatesError, lastEventId: Int) async throws {
        var final = record
        final.status = status
        final.error = error.name
        final.cause = error.cause
        final.stopMillis = clock.nowMillis()
        let (type, key, details) = EventKind.executionFailed(error).typeAndDetails
        let event = HistoryEvent(id: lastEventId + 1, previousEventId: lastEventId, timestampMillis: final.stopMillis ?? 0, type: type, detailsKey: key, details: details)
        _ = try await store.finishExecution(final, events: [event.record])
    }

    func info(_ record: ExecutionRecord) -> ExecutionInfo {
        let machineName = (try? ResourceNames.parse(record.stateMachineArn, type: "stateMachine").first) ?? ""
        return ExecutionInfo(
            executionArn: record.arn, name: record.name, stateMachineArn: record.stateMachineArn,
            stateMachineName: machineName, roleArn: record.roleArn, region: configuration.region,
            input: (try? JSON.parse(record.input)) ?? .object([:]), startMillis: record.startMillis,
            redriveCount: record.redriveCount)
    }
}
