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
