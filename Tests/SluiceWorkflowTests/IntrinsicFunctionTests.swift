import SluiceCore
import Testing

@testable import SluiceWorkflow

private func evaluate(_ text: String, input: JSON = [:], context: JSON = [:]) throws -> JSON {
    try IntrinsicFunction(parsing: text).evaluate(input: input, context: context)
}

/// The error a call that parses raises when evaluated, or nil when it succeeds.
private func runtimeError(_ text: String, input: JSON = [:]) throws -> StatesError? {
    let function = try IntrinsicFunction(parsing: text)
    do throws(StatesError) {
        _ = try function.evaluate(input: input, context: [:])
        return nil
    } catch {
        return error
    }
}

/// The error parsing `text` raises, or nil when it parses.
private func syntaxError(_ text: String) -> ExpressionSyntaxError? {
    do throws(ExpressionSyntaxError) {
        _ = try IntrinsicFunction(parsing: text)
        return nil
    } catch {
        return error
    }
}

/// Asserts that evaluating fails with States.IntrinsicFailure whose cause names the function.
private func expectIntrinsicFailure(
    _ text: String, input: JSON = [:], mentioning detail: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let error = try #require(try runtimeError(text, input: input), sourceLocation: sourceLocation)
    #expect(error.name == "States.IntrinsicFailure", sourceLocation: sourceLocation)
    let cause = error.cause ?? ""
    let name = String(text.prefix { $0 != "(" })
    #expect(cause.contains(name), "cause \(cause) should name \(name)", sourceLocation: sourceLocation)
    if let detail {
        #expect(cause.contains(detail), "cause \(cause) should mention \(detail)", sourceLocation: sourceLocation)
    }
}

@Suite("Intrinsic functions: outputs AWS recorded")
struct IntrinsicRecordedCaseTests {
    @Test("intrinsic_format_object_arg: objects format as Java maps")
    func formatObjectArgument() throws {
        let input: JSON = ["FunctionInput": ["fst": ["Arg1": 1, "Arg2": []], "snd": ["Arg1": 1, "Arg2": []]]]
        let result = try evaluate(
            "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)",
            input: input
        )
        #expect(result == "Formatting arguments fst={Arg1=1, Arg2=[]} and snd={Arg1=1, Arg2=[]}.")
    }

    @Test("fail_intrinsic_format: Format builds a Fail state's error and cause")
    func failStateFormat() throws {
        let input: JSON = ["Error": "error string", "Cause": "cause string"]
        #expect(try evaluate("States.Format('{}', $.Error)", input: input) == "error string")
        #expect(
            try evaluate(
                "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)", input: input
            ) == "This is a custom error message for error string, caused by cause string."
        )
    }

    @Test("intrinsic_array_contains_object: objects compare deeply")
    func arrayContainsObject() throws {
        let input: JSON = ["FunctionInput": ["fst": [["1": 2, "2": []]], "snd": ["1": 2, "2": []]]]
        #expect(try evaluate("States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", input: input) == true)
    }

    @Test("intrinsic_array_length_mixed: every kind of element counts")
    func arrayLengthMixed() throws {
        let items: JSON = [
            nil, nil, true, true, false, false, 1, 1, 1.1, 0, 0, "HelloWorld", "HelloWorld", [], [], [nil], [nil],
            ["a": 1, "b": 2], ["a": 1, "b": 2], ["a": 1, "b": 1],
        ]
        let result = try evaluate("States.ArrayLength($.FunctionInput)", input: ["FunctionInput": items])
        #expect(result.compactText == "20")
    }

    @Test("intrinsic_array_partition: the last chunk holds the rest")
    func arrayPartition() throws {
        let input: JSON = ["FunctionInput": ["fst": [0, 1, 2, 3], "snd": 3]]
        let result = try evaluate("States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", input: input)
        #expect(result.compactText == "[[0,1,2],[3]]")
    }

    @Test("intrinsic_array_range: end is included only when a step lands on it")
    func arrayRange() throws {
        let input: JSON = ["FunctionInput": ["fst": 0, "snd": 10, "trd": 3]]
        let result = try evaluate(
            "States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)", input: input
        )
        #expect(result.compactText == "[0,3,6,9]")
    }

    @Test("intrinsic_hash_sha256")
    func hashSHA256() throws {
        let input: JSON = ["FunctionInput": ["fst": "input data", "snd": "SHA-256"]]
        #expect(
            try evaluate("States.Hash($.FunctionInput.fst, $.FunctionInput.snd)", input: input)
                == "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"
        )
    }

    @Test("intrinsic_json_merge: shallow, the second object wins")
    func jsonMerge() throws {
        let input: JSON = [
            "FunctionInput": [
                "fst": ["a": ["a1": 1, "a2": 2], "b": 2, "d": 3],
                "snd": ["a": ["a3": 1, "a4": 2], "c": 3, "d": 4],
            ],
        ]
        let result = try evaluate("States.JsonMerge($.FunctionInput.fst, $.FunctionInput.snd, false)", input: input)
        #expect(result == ["a": ["a3": 1, "a4": 2], "b": 2, "c": 3, "d": 4])
        #expect(result.compactText == #"{"a":{"a3":1,"a4":2},"b":2,"d":4,"c":3}"#)
    }

    @Test("intrinsic_json_to_string_object: compact text, no spaces")
    func jsonToString() throws {
        let input: JSON = ["FunctionInput": ["Arg1": 1, "Arg2": []]]
        #expect(try evaluate("States.JsonToString($.FunctionInput)", input: input) == #"{"Arg1":1,"Arg2":[]}"#)
    }

    @Test("intrinsic_math_add_rounding: 1.5 + 1.51 is 4")
    func mathAddRounding() throws {
        let input: JSON = ["FunctionInput": ["fst": 1.5, "snd": 1.51]]
        let result = try evaluate("States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", input: input)
        #expect(result == .int(4))
        #expect(result.compactText == "4")
    }

    @Test("intrinsic_string_split_multichar: any delimiter character splits")
    func stringSplitMultiCharacter() throws {
        let input: JSON = ["FunctionInput": ["fst": "This.is+a,test=string", "snd": ".+,="]]
        let result = try evaluate("States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)", input: input)
        #expect(result == ["This", "is", "a", "test", "string"])
    }

    @Test("intrinsic_string_to_json_negative_zero: \"-0\" is the integer 0")
    func stringToJsonNegativeZero() throws {
        let result = try evaluate("States.StringToJson($.FunctionInput)", input: ["FunctionInput": "-0"])
        #expect(result.compactText == "0")
    }

    /// In that case the call sits in a Pass state's Result, which is never evaluated, so its
    /// text is output as written; here: it is still a well-formed call, and `\"` reads as `"`.
    @Test("pass_escape_sequences_literals: the call in Result parses; \\\" is a plain quote")
    func escapeSequencesCase() throws {
        let text = #"States.StringToJson('{"text":"An \"escaped double quote\" here"}')"#
        #expect(IntrinsicFunction.looksLikeCall(text))
        #expect(syntaxError(text) == nil)
        #expect(try evaluate(#"States.Format('An \"escaped\" quote')"#) == #"An "escaped" quote"#)
        try expectIntrinsicFailure(text, mentioning: "not valid JSON")
    }
}

@Suite("Intrinsic functions: parsing")
struct IntrinsicParsingTests {
    @Test("looksLikeCall: States. after optional whitespace")
    func looksLikeCall() {
        #expect(IntrinsicFunction.looksLikeCall("States.Array()"))
        #expect(IntrinsicFunction.looksLikeCall("  \tStates.Format('x')"))
        #expect(!IntrinsicFunction.looksLikeCall("$.States"))
        #expect(!IntrinsicFunction.looksLikeCall("States"))
        #expect(!IntrinsicFunction.looksLikeCall("states.Array()"))
    }

    @Test("the text is kept as written")
    func keepsText() throws {
        #expect(try IntrinsicFunction(parsing: " States.Array( 1 ) ").text == " States.Array( 1 ) ")
    }

    @Test("literals: strings, integers, decimals, negatives, exponents, booleans, null")
    func literals() throws {
        let result = try evaluate("States.Array('a b', 1, -2, 3.5, -0.25, 1e3, true, false, null)")
        #expect(result.compactText == #"["a b",1,-2,3.5,-0.25,1000.0,true,false,null]"#)
    }

    @Test("whitespace around arguments and the parentheses is allowed")
    func whitespace() throws {
        #expect(try evaluate("  States.Array (  1 ,\t'x'  ,\n$.a )  ", input: ["a": 2]) == [1, "x", 2])
        #expect(try evaluate("States.Array( )") == [])
    }

    @Test("escapes: \\' \\{ \\} \\\\ in string literals")
    func escapes() throws {
        #expect(try evaluate(#"States.Format('It\'s \{braced\} and a backslash \\')"#) == #"It's {braced} and a backslash \"#)
        #expect(try evaluate(#"States.Array('\\\'')"#) == [#"\'"#])
    }

    @Test("escaped braces are text, not a placeholder")
    func escapedPlaceholder() throws {
        #expect(try evaluate(#"States.Format('\{}{}', 'a')"#) == "{}a")
        #expect(try evaluate(#"States.Format('{\}{}', 'a')"#) == "{}a")
        #expect(try evaluate(#"States.Array('\{}')"#) == ["{}"])
    }

    @Test("commas and parentheses inside string literals do not end the argument")
    func punctuationInStrings() throws {
        #expect(try evaluate("States.Array('a, b)', 'c')") == ["a, b)", "c"])
    }

    @Test("paths read from input, context paths from the context object")
    func paths() throws {
        let input: JSON = ["a": ["b": [1, 2]], "name": "n"]
        let context: JSON = ["Execution": ["Id": "arn:exec"]]
        #expect(try evaluate("States.Array($, $.a.b, $$.Execution.Id)", input: input, context: context)
            == [input, [1, 2], "arn:exec"])
    }

    @Test("a path runs to the next top-level comma or parenthesis, brackets and quotes included")
    func pathExtent() throws {
        let function = try IntrinsicFunction(parsing: #"States.Array($.a['x,y'], $.b[?(@.c > 1)] , $.d["q)"], 1)"#)
        let paths = function.call.arguments.compactMap { argument -> String? in
            if case .path(let path) = argument { return path.text }
            return nil
        }
        #expect(paths == [#"$.a['x,y']"#, "$.b[?(@.c > 1)]", #"$.d["q)"]"#])
        #expect(function.call.arguments.count == 4)
    }

    @Test("nested calls evaluate inside out")
    func nested() throws {
        #expect(try evaluate("States.Format('{}', States.Array(1, States.MathAdd(1, 2)))") == "[1, 3]")
        #expect(try evaluate("States.ArrayLength(States.StringSplit($.s, ','))", input: ["s": "a,b,c"]) == 3)
        #expect(try evaluate("States.StringToJson(States.JsonToString($.o))", input: ["o": ["k": [true]]]) == ["k": [true]])
    }

    @Test("nesting is capped at 32 calls")
    func nestingCap() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "States.Array(", count: depth) + String(repeating: ")", count: depth)
        }
        #expect(syntaxError(nested(32)) == nil)
        #expect(syntaxError(nested(33))?.message.contains("nested") == true)
        #expect(syntaxError(nested(100_000)) != nil)
    }

    @Test("an unknown function is a syntax error naming it")
    func unknownFunction() {
        #expect(syntaxError("States.Foo(1)")?.message.contains("States.Foo") == true)
        #expect(syntaxError("States.Array(States.Bar())")?.message.contains("States.Bar") == true)
        #expect(syntaxError("Format('x')") != nil)
        #expect(syntaxError("states.Array()") != nil)
    }

    @Test("an unterminated string is a syntax error")
    func unterminatedString() {
        #expect(syntaxError("States.Format('abc)")?.message.contains("unterminated string") == true)
        #expect(syntaxError(#"States.Format('abc\')"#)?.message.contains("unterminated string") == true)
        #expect(syntaxError(#"States.Format('abc\"#) != nil)
    }

    @Test("a wrong argument count is a syntax error where the count is fixed")
    func argumentCount() {
        #expect(syntaxError("States.ArrayLength()")?.message.contains("exactly 1 argument") == true)
        #expect(syntaxError("States.MathAdd(1)")?.message.contains("exactly 2 arguments") == true)
        #expect(syntaxError("States.UUID(1)")?.message.contains("exactly 0 arguments") == true)
        #expect(syntaxError("States.MathRandom(1)")?.message.contains("2 to 3 arguments") == true)
        #expect(syntaxError("States.MathRandom(1, 2, 3, 4)") != nil)
        #expect(syntaxError("States.Format()")?.message.contains("at least 1 argument") == true)
        #expect(syntaxError("States.JsonMerge($.a, $.b)") != nil)
        #expect(syntaxError("States.MathRandom(1, 2)") == nil)
        #expect(syntaxError("States.MathRandom(1, 2, 3)") == nil)
    }

    @Test("other malformed calls are syntax errors", arguments: [
        "States.Array(1, 2", "States.Array", "States.Array() x", "States.Array(1,,2)", "States.Array(1,)",
        "States.Array(foo)", "States.Array(-)", "States.Array(1.)", "States.Array(1e)", "States.Array($.a[0)",
        "States.Array($.a['x)", #"States.Format('\n')"#, "States.Array(1 2)", "", "States.Array(@)", "(1)",
        "States.Array(1e999)",
    ])
    func malformed(text: String) {
        #expect(syntaxError(text) != nil)
    }
}

@Suite("Intrinsic functions: strings and JSON")
struct IntrinsicStringTests {
    @Test("Format inserts strings raw and other values as Java prints them")
    func formatValues() throws {
        let input: JSON = ["s": "x", "i": 1, "d": 1.1, "b": true, "n": nil, "a": [1, "a", [2], ["k": "v"]]]
        #expect(try evaluate("States.Format('{}|{}|{}|{}|{}|{}', $.s, $.i, $.d, $.b, $.n, $.a)", input: input)
            == "x|1|1.1|true|null|[1, a, [2], {k=v}]")
        #expect(try evaluate("States.Format('{}{}', -3, 2.5)") == "-32.5")
    }

    @Test("Format with no placeholders returns the template")
    func formatPlain() throws {
        #expect(try evaluate("States.Format('plain')") == "plain")
    }

    @Test("Format's template may come from a path; every {} in it is a placeholder")
    func formatTemplateFromPath() throws {
        let input: JSON = ["name": "Arnav", "template": "Hello, my name is {}."]
        #expect(try evaluate("States.Format($.template, $.name)", input: input) == "Hello, my name is Arnav.")
        #expect(try evaluate("States.Format('Hello, my name is {}.', $.name)", input: input) == "Hello, my name is Arnav.")
        #expect(try evaluate("States.Format($.t, 1, 2)", input: ["t": #"\{}{}"#]) == #"\12"#)
    }

    @Test("Format needs as many values as placeholders")
    func formatCount() throws {
        try expectIntrinsicFailure("States.Format('{} {}', 1)", mentioning: "2 '{}' placeholder(s) but 1 value(s)")
        try expectIntrinsicFailure("States.Format('{}', 1, 2)")
        try expectIntrinsicFailure("States.Format('none', 1)")
    }

    @Test("Format's template must be a string")
    func formatTemplateType() throws {
        try expectIntrinsicFailure("States.Format($.t)", input: ["t": 1], mentioning: "must be a string, got number")
    }

    @Test("StringSplit drops empty pieces")
    func split() throws {
        #expect(try evaluate("States.StringSplit('1,2,3,4,5', ',')") == ["1", "2", "3", "4", "5"])
        #expect(try evaluate("States.StringSplit(',a,,b,', ',')") == ["a", "b"])
        #expect(try evaluate("States.StringSplit('abc', '')") == ["abc"])
        #expect(try evaluate("States.StringSplit('', ',')") == [])
        try expectIntrinsicFailure("States.StringSplit(1, ',')", mentioning: "argument 1")
        try expectIntrinsicFailure("States.StringSplit('a', $.d)", input: ["d": [","]], mentioning: "argument 2")
    }

    @Test("UUID is a random lowercase version 4 UUID")
    func uuid() throws {
        let first = try #require(try evaluate("States.UUID()").stringValue)
        let second = try #require(try evaluate("States.UUID()").stringValue)
        #expect(first != second)
        #expect(first.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(first.allSatisfy { $0 == "-" || ($0.isHexDigit && !$0.isUppercase) })
        #expect(Array(first)[14] == "4")
        #expect("89ab".contains(Array(first)[19]))
    }

    @Test("StringToJson parses any JSON value; blank text is null")
    func stringToJson() throws {
        #expect(try evaluate("States.StringToJson($.s)", input: ["s": #"{"foo": "bar"}"#]) == ["foo": "bar"])
        #expect(try evaluate(#"States.StringToJson('[1, 2.5, "x"]')"#) == [1, 2.5, "x"])
        #expect(try evaluate("States.StringToJson('true')") == true)
        #expect(try evaluate("States.StringToJson('')") == nil)
        #expect(try evaluate("States.StringToJson('  ')") == nil)
    }

    @Test("StringToJson rejects non-strings and invalid JSON")
    func stringToJsonErrors() throws {
        try expectIntrinsicFailure("States.StringToJson('{')", mentioning: "not valid JSON")
        try expectIntrinsicFailure("States.StringToJson($.o)", input: ["o": ["a": 1]], mentioning: "got object")
    }

    @Test("JsonToString writes any value compactly")
    func jsonToString() throws {
        #expect(try evaluate("States.JsonToString($.v)", input: ["v": "x"]) == #""x""#)
        #expect(try evaluate("States.JsonToString($.v)", input: ["v": [1, nil, ["a": "/"]]]) == #"[1,null,{"a":"/"}]"#)
    }

    @Test("JsonMerge: deep merge is refused, arguments must be objects and a boolean")
    func jsonMergeErrors() throws {
        let input: JSON = ["a": ["x": 1], "b": ["y": 2], "l": [1]]
        try expectIntrinsicFailure("States.JsonMerge($.a, $.b, true)", input: input, mentioning: "shallow")
        try expectIntrinsicFailure("States.JsonMerge($.l, $.b, false)", input: input, mentioning: "must be an object, got array")
        try expectIntrinsicFailure("States.JsonMerge($.a, 'b', false)", input: input, mentioning: "argument 2")
        try expectIntrinsicFailure("States.JsonMerge($.a, $.b, 'false')", input: input, mentioning: "must be a boolean")
        #expect(try evaluate("States.JsonMerge($.a, $.b, false)", input: input) == ["x": 1, "y": 2])
    }
}

@Suite("Intrinsic functions: arrays")
struct IntrinsicArrayTests {
    @Test("Array collects its arguments")
    func array() throws {
        #expect(try evaluate("States.Array($.Id)", input: ["Id": 123456]) == [123456])
        #expect(try evaluate("States.Array()") == [])
        #expect(try evaluate("States.Array($, 'x')", input: ["k": 1]) == [["k": 1], "x"])
    }

    @Test("ArrayPartition: chunk size is rounded and must be positive")
    func partition() throws {
        #expect(try evaluate("States.ArrayPartition($.a, 2)", input: ["a": [1, 2, 3, 4, 5]]) == [[1, 2], [3, 4], [5]])
        #expect(try evaluate("States.ArrayPartition($.a, 1.5)", input: ["a": [1, 2, 3]]) == [[1, 2], [3]])
        #expect(try evaluate("States.ArrayPartition($.a, 10)", input: ["a": [1, 2]]) == [[1, 2]])
        #expect(try evaluate("States.ArrayPartition($.a, 3)", input: ["a": []]) == [])
        try expectIntrinsicFailure("States.ArrayPartition($.a, 0)", input: ["a": [1]], mentioning: "positive")
        try expectIntrinsicFailure("States.ArrayPartition($.a, -1)", input: ["a": [1]], mentioning: "positive")
        try expectIntrinsicFailure("States.ArrayPartition('x', 1)", mentioning: "must be an array, got string")
        try expectIntrinsicFailure("States.ArrayPartition($.a, '1')", input: ["a": [1]], mentioning: "must be a number")
    }

    @Test("ArrayContains: deep equality, numbers by value")
    func contains() throws {
        let input: JSON = ["a": [1, "two", ["k": [1, 2]], nil]]
        #expect(try evaluate("States.ArrayContains($.a, 1.0)", input: input) == true)
        #expect(try evaluate("States.ArrayContains($.a, 'two')", input: input) == true)
        #expect(try evaluate("States.ArrayContains($.a, null)", input: input) == true)
        #expect(try evaluate("States.ArrayContains($.a, $.o)", input: ["a": [["k": [1, 2]]], "o": ["k": [1.0, 2]]]) == true)
        #expect(try evaluate("States.ArrayContains($.a, 'three')", input: input) == false)
        #expect(try evaluate("States.ArrayContains($.a, true)", input: ["a": [1]]) == false)
        try expectIntrinsicFailure("States.ArrayContains($.o, 1)", input: ["o": ["a": 1]], mentioning: "must be an array")
    }

    @Test("ArrayRange: inclusive, any non-zero step, at most 1000 elements")
    func range() throws {
        #expect(try evaluate("States.ArrayRange(1, 9, 2)") == [1, 3, 5, 7, 9])
        #expect(try evaluate("States.ArrayRange(5, 1, -2)") == [5, 3, 1])
        #expect(try evaluate("States.ArrayRange(-2, 2, 1)") == [-2, -1, 0, 1, 2])
        #expect(try evaluate("States.ArrayRange(3, 3, 5)") == [3])
        #expect(try evaluate("States.ArrayRange(1, 5, -1)") == [])
        #expect(try evaluate("States.ArrayRange(0.5, 2.4, 1)") == [1, 2])
        #expect(try evaluate("States.ArrayRange(1, 1000, 1)").arrayValue?.count == 1000)
        try expectIntrinsicFailure("States.ArrayRange(0, 1000, 1)", mentioning: "1001 elements")
        try expectIntrinsicFailure("States.ArrayRange(0, 10, 0)", mentioning: "must not be 0")
        try expectIntrinsicFailure("States.ArrayRange('0', 10, 1)", mentioning: "argument 1 (start) must be a number")
    }

    @Test("ArrayGetItem: index must be within the array")
    func getItem() throws {
        let input: JSON = ["a": [1, ["k": "v"], 3]]
        #expect(try evaluate("States.ArrayGetItem($.a, 1)", input: input) == ["k": "v"])
        #expect(try evaluate("States.ArrayGetItem($.a, 0)", input: input) == 1)
        try expectIntrinsicFailure("States.ArrayGetItem($.a, 3)", input: input, mentioning: "out of bounds")
        try expectIntrinsicFailure("States.ArrayGetItem($.a, -1)", input: input, mentioning: "out of bounds")
        try expectIntrinsicFailure("States.ArrayGetItem($.a, 'x')", input: input, mentioning: "must be a number")
    }

    @Test("ArrayLength counts elements")
    func length() throws {
        #expect(try evaluate("States.ArrayLength($.a)", input: ["a": []]) == 0)
        #expect(try evaluate("States.ArrayLength($.a)", input: ["a": [[1, 2], 3]]) == 2)
        try expectIntrinsicFailure("States.ArrayLength($.a)", input: ["a": "abc"], mentioning: "got string")
    }

    @Test("ArrayUnique keeps first occurrences, comparing deeply")
    func unique() throws {
        #expect(try evaluate("States.ArrayUnique($.a)", input: ["a": [1, 2, 3, 3, 3, 3, 3, 3, 4]]) == [1, 2, 3, 4])
        let input: JSON = ["a": [["x": 1, "y": 2], ["y": 2, "x": 1], "s", 1, 1.0, "s", nil, nil, [1], [1]]]
        let result = try evaluate("States.ArrayUnique($.a)", input: input)
        #expect(result.compactText == #"[{"x":1,"y":2},"s",1,null,[1]]"#)
        try expectIntrinsicFailure("States.ArrayUnique($.a)", input: ["a": nil], mentioning: "got null")
    }
}

@Suite("Intrinsic functions: encoding and hashing")
struct IntrinsicEncodingTests {
    @Test("Base64Encode encodes the UTF-8 bytes, with padding")
    func encode() throws {
        #expect(try evaluate("States.Base64Encode('Data to encode')") == "RGF0YSB0byBlbmNvZGU=")
        #expect(try evaluate("States.Base64Encode('héllo 🆗')") == "aMOpbGxvIPCfhpc=")
        #expect(try evaluate("States.Base64Encode('')") == "")
        #expect(try evaluate("States.Base64Encode('ab')") == "YWI=")
        #expect(try evaluate("States.Base64Encode('abc')") == "YWJj")
    }

    @Test("Base64Decode reverses it; padding may be left out")
    func decode() throws {
        #expect(try evaluate("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == "Data to encode")
        #expect(try evaluate("States.Base64Decode('aMOpbGxvIPCfhpc=')") == "héllo 🆗")
        #expect(try evaluate("States.Base64Decode('YQ==')") == "a")
        #expect(try evaluate("States.Base64Decode('YQ')") == "a")
        #expect(try evaluate("States.Base64Decode('')") == "")
    }

    @Test("Base64Decode rejects text that is not base64 or not UTF-8", arguments: ["YQ=", "Y", "YQ===", "Y Q=", "!!!!", "Y=Q="])
    func decodeInvalid(text: String) throws {
        try expectIntrinsicFailure("States.Base64Decode($.d)", input: ["d": .string(text)], mentioning: "not valid base64")
    }

    @Test("Base64Decode of bytes that are not UTF-8 fails")
    func decodeNotUTF8() throws {
        try expectIntrinsicFailure("States.Base64Decode('/w==')", mentioning: "UTF-8")
    }

    @Test("Base64 inputs are limited to 10,000 characters, and must be strings")
    func base64Limits() throws {
        let limit = String(repeating: "a", count: 10_000)
        #expect(try evaluate("States.Base64Encode($.s)", input: ["s": .string(limit)]).stringValue?.count == 13_336)
        try expectIntrinsicFailure("States.Base64Encode($.s)", input: ["s": .string(limit + "a")], mentioning: "10000")
        try expectIntrinsicFailure(
            "States.Base64Decode($.s)", input: ["s": .string(String(repeating: "YWJj", count: 2501))], mentioning: "10000"
        )
        try expectIntrinsicFailure("States.Base64Encode(1)", mentioning: "must be a string")
    }

    @Test("Hash supports AWS's algorithms, lowercase hex", arguments: [
        ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
        ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
        ("SHA-384", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
        ("SHA-512", "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"),
    ])
    func hash(algorithm: String, digest: String) throws {
        #expect(try evaluate("States.Hash('input data', $.alg)", input: ["alg": .string(algorithm)]) == .string(digest))
    }

    @Test("Hash of a non-string hashes its JSON text")
    func hashNonString() throws {
        #expect(try evaluate("States.Hash(42, 'SHA-256')") == "73475cb40a568e8da8a045ced110137e159f890ac4da883b6b17dc651b3a8049")
        #expect(try evaluate("States.Hash($.o, 'MD5')", input: ["o": ["a": [1, 2]]]) == "ca16230f6b96fc0b51c574066abedaed")
    }

    @Test("Hash rejects unknown algorithms, null and over-long data")
    func hashErrors() throws {
        try expectIntrinsicFailure("States.Hash('x', 'SHA-3')", mentioning: "SHA-3")
        try expectIntrinsicFailure("States.Hash('x', 'sha-256')", mentioning: "must be one of")
        try expectIntrinsicFailure("States.Hash(null, 'MD5')", mentioning: "must not be null")
        try expectIntrinsicFailure("States.Hash('x', 1)", mentioning: "argument 2 (algorithm) must be a string")
        try expectIntrinsicFailure(
            "States.Hash($.s, 'MD5')", input: ["s": .string(String(repeating: "a", count: 10_001))], mentioning: "10000"
        )
    }
}

@Suite("Intrinsic functions: math")
struct IntrinsicMathTests {
    @Test("MathAdd rounds each argument half-up toward +infinity, then adds")
    func add() throws {
        #expect(try evaluate("States.MathAdd(111, -1)") == .int(110))
        #expect(try evaluate("States.MathAdd(-1.5, 0)") == .int(-1))
        #expect(try evaluate("States.MathAdd(-1.51, 0)") == .int(-2))
        #expect(try evaluate("States.MathAdd(2.49, 0.5)") == .int(3))
        #expect(try evaluate("States.MathAdd(2147483647, 2147483647)") == .int(4_294_967_294))
        #expect(try evaluate("States.MathAdd($.v, 1)", input: ["v": 4]).compactText == "5")
    }

    @Test("MathAdd needs numbers within the 32-bit range")
    func addErrors() throws {
        try expectIntrinsicFailure("States.MathAdd('1', 2)", mentioning: "argument 1 (first value) must be a number, got string")
        try expectIntrinsicFailure("States.MathAdd(1, true)", mentioning: "got boolean")
        try expectIntrinsicFailure("States.MathAdd(2147483648, 0)", mentioning: "between -2147483648 and 2147483647")
        try expectIntrinsicFailure("States.MathAdd(0, -2147483649)", mentioning: "between")
    }

    @Test("MathRandom returns an integer in [start, end)")
    func random() throws {
        var seen = Set<Int>()
        for _ in 0..<200 {
            guard case .int(let value) = try evaluate("States.MathRandom(1, 4)") else {
                Issue.record("MathRandom did not return an integer")
                return
            }
            #expect((1..<4).contains(value))
            seen.insert(value)
        }
        #expect(seen == [1, 2, 3])
        #expect(try evaluate("States.MathRandom(-5, -4)") == -5)
    }

    @Test("MathRandom with a seed is deterministic")
    func seeded() throws {
        let first = try evaluate("States.MathRandom(0, 1000000, 42)")
        #expect(try evaluate("States.MathRandom(0, 1000000, 42)") == first)
        let values = Set(try (0..<20).map { try evaluate("States.MathRandom(0, 1000000, \($0))") })
        #expect(values.count > 1)
    }

    @Test("MathRandom needs start below end, and numbers")
    func randomErrors() throws {
        try expectIntrinsicFailure("States.MathRandom(5, 5)", mentioning: "less than")
        try expectIntrinsicFailure("States.MathRandom(5, 1)", mentioning: "less than")
        try expectIntrinsicFailure("States.MathRandom('a', 1)", mentioning: "must be a number")
        try expectIntrinsicFailure("States.MathRandom(0, 1, 'seed')", mentioning: "argument 3 (seed)")
    }
}

@Suite("Intrinsic functions: path errors")
struct IntrinsicPathErrorTests {
    @Test("a path that selects nothing raises the path's own error, not IntrinsicFailure")
    func missingPath() throws {
        let error = try #require(try runtimeError("States.Format('{}', $.missing)", input: ["a": 1]))
        #expect(error.name == "States.Runtime")
    }

    @Test("a context path reads the context object, not the input")
    func contextPath() throws {
        let error = try #require(try runtimeError("States.Array($$.Execution.Id)", input: ["Execution": ["Id": "x"]]))
        #expect(error.name == "States.Runtime")
    }
}
