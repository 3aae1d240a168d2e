import SluiceCore
import Synchronization

/// Runs one execution of a definition: walks its graph state by state, recording each
/// transition in the journal before the next state starts. Given the frames a previous run
/// recorded, it resumes each branch where that run left it.
final class Interpreter: Sendable {
    let definition: StateMachineDefinition
    let info: ExecutionInfo
    let journal: any ExecutionJournal
    let clock: any SluiceClock
    let tasks: any TaskRunner
    let saved: [String: ExecutionFrame]
    let contextBase: JSONObject
    private let lastEventId: Mutex<Int>

    /// Step Functions' payload quota: inputs, outputs and results of 256 KiB at most.
    static let maxPayloadBytes = 262_144
    /// Deepest nesting a state's result may have: the JSON parser reads back 512 levels.
    static let maxNesting = 500

    init(
        definition: StateMachineDefinition, info: ExecutionInfo, journal: any ExecutionJournal,
        clock: any SluiceClock, tasks: any TaskRunner, lastEventId: Int, savedFrames: [ExecutionFrame] = []
    ) {
        self.definition = definition
        self.info = info
        self.contextBase = info.contextBase
        self.journal = journal
        self.clock = clock
        self.tasks = tasks
        self.lastEventId = Mutex(lastEventId)
        self.saved = Dictionary(savedFrames.map { ($0.scope, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Runs the top level to its end. Throws the StatesError that failed the execution, or
    /// CancellationError when it was stopped.
    func run(previousEventId: Int) async throws -> JSON {
        try await runGraph(definition.graph, scope: "", input: info.input, previousEventId: previousEventId)
    }

    /// A new event with the next id.
    func event(_ kind: EventKind, previous: Int) -> HistoryEvent {
        let id = lastEventId.withLock { value -> Int in
            value += 1
            return value
        }
        guard journal.keepsHistory else {
            return HistoryEvent(id: id, previousEventId: previous, timestampMillis: 0, type: "", detailsKey: nil, details: [:])
        }
        let (type, key, details) = kind.typeAndDetails
        return HistoryEvent(id: id, previousEventId: previous, timestampMillis: clock.nowMillis(), type: type, detailsKey: key, details: details)
    }

    /// Records one event on its own and returns its id.
    @discardableResult
    func record(_ kind: EventKind, previous: Int) async throws -> Int {
        let event = event(kind, previous: previous)
        try await journal.record(events: [event], frame: nil)
        return event.id
    }

    enum Outcome {
        case next(String, JSON)
        case end(JSON)
    }

    /// Runs a graph (the machine, a branch or an iteration) from its start, or from the frame
    /// a previous run saved for `scope`.
    func runGraph(_ graph: StateGraph, scope: String, input: JSON, previousEventId: Int) async throws -> JSON {
        var frame: ExecutionFrame
        var previous: Int
        if let saved = saved[scope] {
            if let output = saved.output { return output }
            frame = saved
            previous = saved.enteredEventId
        } else {
            guard let first = graph.states[graph.startAt] else { throw StatesError.runtime("State '\(graph.startAt)' does not exist") }
            let entered = event(.stateEntered(type: first.typeName, name: first.name, input: input), previous: previousEventId)
            frame = ExecutionFrame(scope: scope, stateName: first.name, input: input, enteredEventId: entered.id)
            try await journal.record(events: [entered], frame: frame)
            previous = entered.id
        }
        while true {
            try Task.checkCancellation()
            guard let state = graph.states[frame.stateName] else {
                throw StatesError.runtime("State '\(frame.stateName)' does not exist")
            }
            if frame.retryAttempts.count != state.retriers.count {
                frame.retryAttempts = Array(repeating: 0, count: state.retriers.count)
            }
            let outcome = try await step(state, frame: &frame, previous: &previous)
            // A Parallel or Map that moves on no longer needs its branches' frames.
            let branches: String? = switch state.kind {
            case .parallel, .map: "\(scope)/\(frame.enteredEventId)."
            default: nil
            }
            switch outcome {
            case .next(let name, let output):
                guard let next = graph.states[name] else { throw StatesError.runtime("State '\(name)' does not exist") }
                let exited = event(.stateExited(type: state.typeName, name: state.name, output: output), previous: previous)
                let entered = event(.stateEntered(type: next.typeName, name: next.name, input: output), previous: exited.id)
                frame = ExecutionFrame(scope: scope, stateName: name, input: output, enteredEventId: entered.id)
                try await journal.record(events: [exited, entered], frame: frame, clearing: branches)
                previous = entered.id
            case .end(let output):
                let exited = event(.stateExited(type: state.typeName, name: state.name, output: output), previous: previous)
                frame.output = output
                try await journal.record(events: [exited], frame: frame, clearing: branches)
                return output
            }
        }
    }

    /// Runs one state once (with its retries), returning where to go.
    func step(_ state: StateDefinition, frame: inout ExecutionFrame, previous: inout Int) async throws -> Outcome {
        let raw = frame.input
        let processing = Processing(state: state, enteredEventId: frame.enteredEventId)
        let context = StateContext(stateName: state.name, enteredMillis: clock.nowMillis(), retryCount: 0)
        switch state.kind {
        case .pass(let pass):
            let contextJSON = context.json(contextBase)
            let effective = try processing.inputPath(raw, context: contextJSON)
            let result = try pass.result ?? processing.parameters(effective, context: contextJSON) ?? effective
            try processing.checkSize(result)
            return try processing.finish(raw: raw, result: result, context: contextJSON)
        case .succeed:
            let contextJSON = context.json(contextBase)
            let effective = try processing.inputPath(raw, context: contextJSON)
            return .end(try processing.outputPath(effective, context: contextJSON))
        case .fail(let fail):
            let contextJSON = context.json(contextBase)
            let error = try processing.local { () throws(StatesError) in try FailState.resolve(fail.error, field: "Error", input: raw, context: contextJSON) }
            let cause = try processing.local { () throws(StatesError) in try FailState.resolve(fail.cause, field: "Cause", input: raw, context: contextJSON) }
            throw StatesError(name: error, cause: cause)
        case .choice(let choice):
            let contextJSON = context.json(contextBase)
            let effective = try processing.inputPath(raw, context: contextJSON)
            let next = try processing.local { () throws(StatesError) in try choice.nextState(input: effective, context: contextJSON) }
            return .next(next, try processing.outputPath(effective, context: contextJSON))
        case .wait(let wait):
            let contextJSON = context.json(contextBase)
            let effective = try processing.inputPath(raw, context: contextJSON)
            let now = clock.nowMillis()
            let wake = try frame.resumeAt ?? processing.local { () throws(StatesError) in try wait.wakeTime(input: effective, context: contextJSON, now: now) }
            if frame.resumeAt == nil, wake > now {
                frame.resumeAt = wake
                try await journal.record(events: [], frame: frame)
            }
            try await clock.sleep(untilMillis: wake)
            frame.resumeAt = nil
            let output = try processing.outputPath(effective, context: contextJSON)
            return state.transition == .end ? .end(output) : .next(nextName(state), output)
        case .task, .parallel, .map:
            return try await withRetries(state, processing: processing, context: context, frame: &frame, previous: &previous)
        }
    }

    func nextName(_ state: StateDefinition) -> String {
        if case .next(let name) = state.transition { return name }
        return ""
    }

    /// Runs a Task, Parallel or Map state under its Retry and Catch.
    func withRetries(
        _ state: StateDefinition, processing: Processing, context: StateContext, frame: inout ExecutionFrame, previous: inout Int
    ) async throws -> Outcome {
        let raw = frame.input
        while true {
            if let resumeAt = frame.resumeAt {
                try await clock.sleep(untilMillis: resumeAt)
                frame.resumeAt = nil
            }
            var context = context
            context.retryCount = frame.retryAttempts.reduce(0, +)
            do {
                let result: JSON
                switch state.kind {
                case .task(let task):
                    result = try await runTask(task, state: state, processing: processing, raw: raw, context: context, previous: previous)
                case .parallel(let parallel):
                    result = try await runParallel(parallel, state: state, processing: processing, raw: raw, context: context, frame: frame, previous: previous)
                case .map(let map):
                    result = try await runMap(map, state: state, processing: processing, raw: raw, context: context, frame: frame, previous: previous)
                default:
                    throw StatesError.runtime("State '\(state.name)' cannot be retried")
                }
                return try processing.finish(raw: raw, result: result, context: context.json(contextBase), selectResult: true)
            } catch let error as StatesError {
                if let index = state.retriers.firstIndex(where: { errorMatches($0.errorEquals, error) }),
                    frame.retryAttempts[index] < state.retriers[index].maxAttempts
                {
                    let delay = state.retriers[index].delayMillis(attempt: frame.retryAttempts[index], random: Double.random(in: 0..<1))
                    frame.retryAttempts[index] += 1
                    frame.resumeAt = clock.nowMillis() + delay
                    try await journal.record(events: [], frame: frame)
                    continue
                }
                guard let catcher = state.catchers.first(where: { errorMatches($0.errorEquals, error) }) else {
                    throw error
                }
                var errorOutput = JSONObject()
                if let name = error.name { errorOutput["Error"] = .string(name) }
                if let cause = error.cause { errorOutput["Cause"] = .string(cause) }
                let output = try processing.local { () throws(StatesError) in
                    try Processing.apply(catcher.resultPath, raw: raw, result: .object(errorOutput))
                }
                return .next(catcher.next, output)
            }
        }
    }
}
