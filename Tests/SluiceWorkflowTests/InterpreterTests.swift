import SluiceCore
import SluiceTesting
import Testing
@testable import SluiceWorkflow

@Suite("Interpreter")
struct InterpreterTests {
    @Test func backoffGrowsByRateAndStopsAtMaxDelay() {
        var retrier = Retrier(errorEquals: ["States.ALL"])
        retrier.intervalSeconds = 2
        retrier.backoffRate = 3
        #expect((0..<3).map { retrier.delayMillis(attempt: $0, random: 0.5) } == [2_000, 6_000, 18_000])
        retrier.maxDelaySeconds = 10
        #expect(retrier.delayMillis(attempt: 2, random: 0.5) == 10_000)
        retrier.jitter = .full
        #expect(retrier.delayMillis(attempt: 2, random: 0.25) == 2_500)
    }

    @Test func statesAllDoesNotCatchRuntimeOrDataLimit() {
        #expect(errorMatches(["States.ALL"], "Custom"))
        #expect(!errorMatches(["States.ALL"], "States.Runtime"))
        #expect(!errorMatches(["States.ALL"], "States.DataLimitExceeded"))
        #expect(errorMatches(["States.DataLimitExceeded"], "States.DataLimitExceeded"))
        #expect(errorMatches(["States.TaskFailed"], "Custom"))
        #expect(!errorMatches(["States.TaskFailed"], "States.Timeout"))
        // A missed heartbeat is States.Timeout, which States.HeartbeatTimeout also matches.
        #expect(errorMatches(["States.HeartbeatTimeout"], StatesError.heartbeatTimeout(seconds: 5)))
        #expect(errorMatches(["States.Timeout"], StatesError.heartbeatTimeout(seconds: 5)))
        #expect(!errorMatches(["States.HeartbeatTimeout"], StatesError.timeout()))
    }

    @Test func retriesWaitOnTheClockThenFail() async throws {
        let clock = ManualClock()
        let journal = RecordingJournal()
        let definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
              "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"why"}}}],
              "Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":2,"IntervalSeconds":3,"BackoffRate":2}]}}}
            """
        let interpreter = try Workflow.interpreter(definition, clock: clock, journal: journal)
        let run = Task { try await interpreter.run(previousEventId: 1) }
        for wait in [3, 6] {
            try await Workflow.eventually { clock.sleeperCount == 1 }
            #expect(clock.sleeperCount == 1)
            clock.advance(bySeconds: wait - 1)
            #expect(clock.sleeperCount == 1, "the retry must not run before its back-off is over")
            clock.advance(bySeconds: 1)
        }
        await #expect(throws: StatesError(name: "Boom", cause: "why")) { try await run.value }
        #expect(journal.types.filter { $0 == "ParallelStateStarted" }.count == 3)
        #expect(journal.types.last == "ParallelStateFailed")
    }

    @Test func catchPutsTheErrorAtResultPath() async throws {
        let definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Done",
              "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"why"}}}],
              "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Done"}]},
             "Done":{"Type":"Succeed"}}}
            """
        let output = try await Workflow.run(definition, input: ["keep": 1]).get()
        #expect(output == ["keep": 1, "error": ["Error": "Boom", "Cause": "why"]])
    }

    @Test func parallelAndMapResultsKeepBranchAndItemOrder() async throws {
        let parallel = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":0,"Next":"A2"},"A2":{"Type":"Pass","Result":"a","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}]}}}
            """
        #expect(try await Workflow.run(parallel).get() == ["a", "b"])
        let map = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
              "ItemSelector":{"n.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
              "ItemProcessor":{"StartAt":"Double","States":{"Double":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($.n, $.n)","i.$":"$.i"},"End":true}}},
              "End":true}}}
            """
        let output = try await Workflow.run(map, input: ["items": [1, 2, 3, 4, 5]]).get()
        #expect(output == [["v": 2, "i": 0], ["v": 4, "i": 1], ["v": 6, "i": 2], ["v": 8, "i": 3], ["v": 10, "i": 4]])
    }

    @Test func branchFramesAreForgottenOnceTheirStateMovesOn() async throws {
        let journal = RecordingJournal()
        let definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","Next":"P",
              "ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}}},
             "P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"Y","States":{"Y":{"Type":"Pass","End":true}}}]}}}
            """
        let interpreter = try Workflow.interpreter(definition, input: [1, 2, 3], journal: journal)
        #expect(try await interpreter.run(previousEventId: 1) == [[1, 2, 3]])
        #expect(journal.frames.map(\.scope) == [""], "only the top-level frame is left")
    }

    @Test func mapToleratesFailuresUpToItsThreshold() async throws {
        func definition(_ tolerated: Int) -> String {
            """
            {"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":\(tolerated),"End":true,
              "ItemProcessor":{"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThan":2,"Next":"Bad"}],"Default":"Ok"},
                "Bad":{"Type":"Fail","Error":"TooBig"},"Ok":{"Type":"Pass","End":true}}}}}}
            """
        }
        #expect(try await Workflow.run(definition(2), input: [1, 2, 3, 4]).get() == [1, 2, nil, nil])
        let failed = try await Workflow.run(definition(1), input: [1, 2, 3, 4])
        guard case .failure(let error) = failed else { Issue.record("expected a failure"); return }
        #expect(error.name == "States.ExceedToleratedFailureThreshold")
    }

    @Test func historyRecordsEachTransitionWithLinkedIds() async throws {
        let journal = RecordingJournal()
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Result":{"x":1},"End":true}}}"#
        let interpreter = try Workflow.interpreter(definition, input: ["in": true], journal: journal)
        _ = try await interpreter.run(previousEventId: 1)
        #expect(journal.types == ["PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited"])
        #expect(journal.events.map(\.id) == [2, 3, 4, 5])
        #expect(journal.events.map(\.previousEventId) == [1, 2, 3, 4])
        #expect(journal.events[0].details["input"] == .string(#"{"in":true}"#))
        #expect(journal.events[3].details["output"] == .string(#"{"x":1}"#))
    }

    @Test func resumesAWaitFromItsFrameWithoutReenteringIt() async throws {
        let clock = ManualClock()
        let first = RecordingJournal()
        let definition = #"{"StartAt":"Sleep","States":{"Sleep":{"Type":"Wait","Seconds":3600,"Next":"Done"},"Done":{"Type":"Pass","Result":"done","End":true}}}"#
        let interrupted = try Workflow.interpreter(definition, clock: clock, journal: first)
        let run = Task { try await interrupted.run(previousEventId: 1) }
        try await Workflow.eventually { clock.sleeperCount == 1 }
        run.cancel()
        _ = try? await run.value
        let frame = try #require(first.frames.first)
        #expect(frame.stateName == "Sleep")
        #expect(frame.resumeAt == clock.nowMillis() + 3_600_000)

        // A new process: half an hour has passed; the wait ends on its original schedule.
        clock.advance(bySeconds: 1800)
        let second = RecordingJournal()
        let resumed = try Workflow.interpreter(definition, clock: clock, journal: second, saved: first.frames, lastEventId: first.events.last?.id ?? 1)
        let rerun = Task { try await resumed.run(previousEventId: 1) }
        try await Workflow.eventually { clock.sleeperCount == 1 }
        clock.advance(bySeconds: 1799)
        #expect(clock.sleeperCount == 1)
        clock.advance(bySeconds: 1)
        #expect(try await rerun.value == "done")
        #expect(second.types == ["WaitStateExited", "PassStateEntered", "PassStateExited"])
        #expect(second.events.first?.id == 3)
    }

    @Test func resultsOverTheQuotaFailWithDataLimitExceeded() async throws {
        let big = String(repeating: "x", count: 262_144)
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$.v"},"End":true}}}"#
        let result = try await Workflow.run(definition, input: ["v": .string(big)])
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.name == "States.DataLimitExceeded")
    }
}

@Suite("Payload limits")
struct PayloadLimitTests {
    @Test func countingMatchesTheTextAndStopsAtTheLimit() throws {
        let values: [JSON] = [
            ["a": [1, 2.5, "x\"y\n", nil, true], "é": ["k": "\u{1}"]], "plain", [], [:], -42, 1e21,
        ]
        for value in values {
            #expect(value.compactByteCount(limit: 1 << 20) == value.compactText.utf8.count, "\(value)")
            #expect(value.compactByteCount(limit: value.compactText.utf8.count - 1) == nil)
        }
    }

    @Test func amplifiedResultsFailWithoutBuildingThem() async throws {
        // 2,000 references to a 200 KiB input would be 400 MB of text.
        let references = Array(repeating: "$.v", count: 2_000).joined(separator: ",")
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"States.Array(\#(references))"},"End":true}}}"#
        let result = try await Workflow.run(definition, input: ["v": .string(String(repeating: "x", count: 200_000))])
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.name == "States.DataLimitExceeded")
        let format = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"States.Format('{}{}{}{}{}{}{}{}', $.v, $.v, $.v, $.v, $.v, $.v, $.v, $.v)"},"End":true}}}"#
        let formatted = try await Workflow.run(format, input: ["v": .string(String(repeating: "x", count: 100_000))])
        guard case .failure(let formatError) = formatted else { Issue.record("expected a failure"); return }
        #expect(formatError.name == "States.IntrinsicFailure")
    }

    @Test func resultsNestedTooDeeplyFailTheState() async throws {
        var deep: JSON = 1
        for _ in 0..<600 { deep = [deep] }
        #expect(deep.nestsDeeper(than: 500))
        #expect(!JSON.array([[1]]).nestsDeeper(than: 2))
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"wrapped.$":"$"},"End":true}}}"#
        var input: JSON = 1
        for _ in 0..<500 { input = [input] }
        let result = try await Workflow.run(definition, input: ["v": input])
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.name == "States.Runtime")
    }
}
