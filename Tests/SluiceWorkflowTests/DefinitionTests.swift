import Testing
@testable import SluiceWorkflow

@Suite("Definitions")
struct DefinitionTests {
    func diagnostics(_ text: String) -> [DefinitionDiagnostic] {
        do {
            _ = try StateMachineDefinition.parse(text)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func aValidDefinitionParses() throws {
        let definition = try StateMachineDefinition.parse(#"{"StartAt":"A","TimeoutSeconds":60,"States":{"A":{"Type":"Pass","End":true}}}"#)
        #expect(definition.timeoutSeconds == 60)
        #expect(definition.graph.states["A"]?.typeName == "Pass")
    }

    @Test func missingTargetsAndUnreachableStatesAreNamed() {
        let found = diagnostics(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nope"},"B":{"Type":"Succeed"}}}"#)
        #expect(found.contains { $0.code == .missingTransitionTarget && $0.location == "/States/A/Next" && $0.message.contains("Nope") })
        #expect(found.contains { $0.code == .unreachableState && $0.location == "/States/B" })
    }

    @Test func unknownFieldsAndMissingTypeAreRefused() {
        let found = diagnostics(#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Bogus":1},"B":{"End":true}}}"#)
        #expect(found.contains { $0.location == "/States/A/Bogus" })
        #expect(found.contains { $0.message.contains("[Type]") && $0.location == "/States/B" })
    }

    @Test func badPathsAndIntrinsicsAreRefusedWhenCreated() {
        #expect(diagnostics(#"{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"nope","End":true}}}"#).first?.code == .invalidPath)
        #expect(diagnostics(#"{"StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":"$.a[*]","End":true}}}"#).first?.code == .invalidReferencePath)
        #expect(diagnostics(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.Nope()"},"End":true}}}"#).first?.code == .invalidIntrinsic)
    }

    @Test func statesAllMustBeAloneAndLast() {
        let found = diagnostics(#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}],"Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["E"]}]}}}"#)
        #expect(found.contains { $0.message.contains("States.ALL") })
    }

    @Test func unsupportedFeaturesAreRefusedByName() {
        let jsonata = diagnostics(#"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#)
        #expect(jsonata.contains { $0.code == .unsupportedFeature && $0.message.contains("JSONata") })
        let reader = diagnostics(#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{},"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"End":true}}}"#)
        #expect(reader.contains { $0.message.contains("ItemReader") })
        let task = diagnostics(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","End":true}}}"#)
        #expect(task.contains { $0.code == .invalidResource })
    }

    @Test func notJSONIsReportedAsSuch() {
        #expect(diagnostics("{nope").first?.code == .invalidJSON)
        #expect(DefinitionError(diagnostics: diagnostics("{nope")).message.hasPrefix("Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION"))
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test func formatsAsISO8601WithMilliseconds() {
        #expect(Timestamp.format(millis: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(millis: 1_767_225_600_123) == "2026-01-01T00:00:00.123Z")
        #expect(Timestamp.format(millis: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(Timestamp.format(millis: -1) == "1969-12-31T23:59:59.999Z")
        for millis: Int64 in [1_700_000_000_000, 4_102_444_800_000, 1_458_000_000_001] {
            #expect(Timestamp.parseMillis(Timestamp.format(millis: millis)) == millis)
        }
    }
}
