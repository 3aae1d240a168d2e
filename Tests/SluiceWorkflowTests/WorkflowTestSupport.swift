import SluiceCore
import SluiceTesting
import Synchronization
@testable import SluiceWorkflow

/// A journal that keeps what the interpreter recorded, for assertions on history and frames.
final class RecordingJournal: ExecutionJournal {
    private let state = Mutex<(events: [HistoryEvent], frames: [String: ExecutionFrame])>(([], [:]))

    func record(events: [HistoryEvent], frame: ExecutionFrame?, clearing: String?) async throws {
        state.withLock { state in
            state.events += events
            if let clearing {
                state.frames = state.frames.filter { !$0.key.hasPrefix(clearing) }
            }
            if let frame { state.frames[frame.scope] = frame }
        }
    }

    var events: [HistoryEvent] { state.withLock { $0.events.sorted { $0.id < $1.id } } }
    var types: [String] { events.map(\.type) }
    var frames: [ExecutionFrame] { Array(state.withLock { $0.frames.values }) }
}

enum Workflow {
    static let info = ExecutionInfo(
        executionArn: "arn:aws:states:us-east-1:000000000000:execution:Machine:run-1", name: "run-1",
        stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:Machine", stateMachineName: "Machine",
        roleArn: "arn:aws:iam::000000000000:role/test", region: "us-east-1", input: [:], startMillis: 1_767_225_600_000)

    static func interpreter(
        _ definition: String, input: JSON = [:], clock: ManualClock = ManualClock(), journal: any ExecutionJournal = RecordingJournal(),
        saved: [ExecutionFrame] = [], lastEventId: Int = 1
    ) throws -> Interpreter {
        var info = Self.info
        info.input = input
        return Interpreter(
            definition: try StateMachineDefinition.parse(definition), info: info, journal: journal, clock: clock,
            tasks: NoTaskRunner(), lastEventId: lastEventId, savedFrames: saved)
    }

    /// Runs to the end and returns the output, or the StatesError that failed it.
    static func run(_ definition: String, input: JSON = [:]) async throws -> Result<JSON, StatesError> {
        let interpreter = try interpreter(definition, input: input)
        do {
            return .success(try await interpreter.run(previousEventId: 1))
        } catch let error as StatesError {
            return .failure(error)
        }
    }

    /// Waits (in real time, briefly) until `condition` holds: for a task to park on the clock.
    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() {
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}
