import SluiceBroker
import SluiceCore
import SluiceStore
import SluiceTesting
import Testing
@testable import SluiceWorkflow

/// The engine on a real store and broker, on a manual clock: limits measured in minutes are
/// checked without waiting for them.
@Suite("Workflow engine", .timeLimit(.minutes(1)))
struct WorkflowEngineTests {
    let directory: TemporaryDirectory
    let clock = ManualClock()
    let engine: WorkflowEngine

    init() async throws {
        directory = try TemporaryDirectory()
        let store = try SQLiteStore(directory: directory.path)
        let broker = try await Broker.open(store: store, configuration: BrokerConfiguration(clock: clock))
        engine = WorkflowEngine(store: store, broker: broker, configuration: WorkflowConfiguration(clock: clock))
    }

    func machine(_ definition: String, type: String) async throws -> String {
        try await engine.createStateMachine(StateMachineDraft(
            name: "m-\(type.lowercased())", definition: definition, roleArn: "arn:aws:iam::000000000000:role/test", type: type)).arn
    }

    @Test func expressExecutionsStopAtFiveMinutes() async throws {
        let arn = try await machine(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":600,"End":true}}}"#, type: "EXPRESS")
        let run = Task { try await engine.startSyncExecution(stateMachineArn: arn, name: nil, input: nil) }
        try await Workflow.eventually { clock.sleeperCount == 2 }  // the Wait and the 5-minute deadline
        clock.advance(bySeconds: 299)
        #expect(clock.sleeperCount == 2, "still running before five minutes")
        clock.advance(bySeconds: 1)
        let result = try await run.value
        #expect(result.status == .timedOut)
        #expect(result.stopMillis - result.startMillis == 300_000)
    }

    @Test func getActivityTaskAnswersEmptyAfterSixtySeconds() async throws {
        let activity = try await engine.createActivity(name: "idle", tags: [:])
        let poll = Task { try await engine.getActivityTask(activityArn: activity.arn, workerName: "w") }
        for _ in 0..<3 {
            // The poll waits in 20-second long polls on the activity's queue.
            try await Workflow.eventually { clock.sleeperCount == 1 }
            #expect(clock.sleeperCount == 1, "the poll is still waiting")
            clock.advance(bySeconds: 20)
        }
        #expect(try await poll.value == nil)
    }
}
