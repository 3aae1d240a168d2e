@testable import SluiceWorkflow
import SluiceCore
import Testing

private func document(_ text: String) throws -> JSON {
    try JSON.parse(text)
}

private func evaluate(_ path: String, _ text: String) throws -> JSON {
    try JSONPath(path).evaluate(document(text))
}

private let store = """
    {"store": {"book": [
        {"title": "A", "price": 8.95, "category": "reference"},
        {"title": "B", "price": 12.99, "category": "fiction", "isbn": "0-553"},
        {"title": "C", "price": 8, "category": "fiction", "isbn": "0-395"}
      ],
      "bicycle": {"color": "red", "price": 19.95}},
     "expensive": 10}
    """

@Suite("JSONPath: names, indexes and definite paths")
struct JSONPathDefiniteTests {
    @Test("dot and bracket names select members")
    func names() throws {
        let doc = #"{"a": {"b": 1, "c d": 2, "it's": 3, "x.y": 4}, "delivery-partner": "UPS", "café": true}"#
        #expect(try evaluate("$.a.b", doc) == 1)
        #expect(try evaluate("$['a']['b']", doc) == 1)
        #expect(try evaluate(#"$["a"]["c d"]"#, doc) == 2)
        #expect(try evaluate(#"$.a['it\'s']"#, doc) == 3)
        #expect(try evaluate("$.a['x.y']", doc) == 4)
        #expect(try evaluate("$.delivery-partner", doc) == "UPS")
        #expect(try evaluate("$.café", doc) == true)
        #expect(try evaluate("$.a.['b']", doc) == 1)
        #expect(try evaluate("$", doc) == document(doc))
    }

    @Test("indexes count from the start, or from the end when negative")
    func indexes() throws {
        let doc = #"{"items": [10, 20, 30], "nested": [[1, 2], [3, 4]]}"#
        #expect(try evaluate("$.items[0]", doc) == 10)
        #expect(try evaluate("$.items[2]", doc) == 30)
        #expect(try evaluate("$.items[-1]", doc) == 30)
        #expect(try evaluate("$.items[-3]", doc) == 10)
        #expect(try evaluate("$.nested[1][0]", doc) == 3)
        #expect(try evaluate("$['items'][ 1 ]", doc) == 20)
    }

    @Test("a definite path that selects nothing fails with Step Functions' cause")
    func missing() throws {
        let doc = try document(#"{"items": [10, 20], "a": 1, "s": "text", "n": null}"#)
        let cases = [
            ("$.NoSuchInputPath", "$['NoSuchInputPath']"),
            ("$.items[5]", "$['items'][5]"),
            ("$.items[-3]", "$['items'][-3]"),
            ("$.a.b", "$['a']['b']"),
            ("$.s[0]", "$['s'][0]"),
            ("$.items.length", "$['items']['length']"),
            ("$.n.x", "$['n']['x']"),
            ("$['no such']['x'][0]", "$['no such']['x'][0]"),
        ]
        for (text, normalized) in cases {
            let path = try JSONPath(text)
            #expect(throws: StatesError.runtime("Invalid path '\(text)' : No results for path: \(normalized)")) {
                try path.evaluate(doc)
            }
            #expect(path.evaluateIfPresent(doc) == nil)
        }
    }

    @Test("a member whose value is null is present")
    func nullIsPresent() throws {
        let path = try JSONPath("$.n")
        #expect(try path.evaluate(document(#"{"n": null}"#)) == .null)
        #expect(try path.evaluateIfPresent(document(#"{"n": null}"#)) == .some(.null))
    }

    @Test("definiteness and the context flag are reported")
    func flags() throws {
        #expect(try JSONPath("$.a[0]['b'][-1]").isDefinite)
        #expect(try JSONPath("$").isDefinite)
        for text in ["$.a[*]", "$.a.*", "$..a", "$[0,1]", "$['a','b']", "$[1:]", "$[?(@.a)]"] {
            #expect(try !JSONPath(text).isDefinite, "\(text)")
        }
        #expect(try JSONPath("$$.Execution.Input").isContextPath)
        #expect(try !JSONPath("$.Execution.Input").isContextPath)
    }

    @Test("a context path is evaluated against the context object, $$ as its root")
    func contextPath() throws {
        let context = try document(#"{"Execution": {"Id": "arn:x", "Input": {"input-value": 7}}, "State": {"Name": "S"}}"#)
        #expect(try JSONPath("$$.Execution.Input").evaluate(context) == ["input-value": 7])
        #expect(try JSONPath("$$.Execution.Input.input-value").evaluate(context) == 7)
        #expect(try JSONPath("$$").evaluate(context) == context)
        #expect(throws: StatesError.runtime("Invalid path '$$.Task.Token' : No results for path: $['Task']['Token']")) {
            try JSONPath("$$.Task.Token").evaluate(context)
        }
    }

    @Test("paths are equal when their text is, and describe themselves by it")
    func identity() throws {
        #expect(try JSONPath("$.a") == JSONPath("$.a"))
        #expect(try JSONPath("$.a") != JSONPath("$['a']"))
        #expect(try Set([JSONPath("$.a"), JSONPath("$.a")]).count == 1)
        #expect(try JSONPath("$.items[10]").description == "$.items[10]")
        #expect(try ReferencePath("$.a").description == "$.a")
    }
}

@Suite("JSONPath: wildcards, slices, unions and deep scans")
struct JSONPathIndefiniteTests {
    @Test("wildcards select array elements or member values in order")
    func wildcards() throws {
        let doc = #"{"list": [1, 2, 3], "obj": {"x": 1, "y": [2], "z": "3"}, "rows": [{"id": 1}, {"id": 2}, {}]}"#
        #expect(try evaluate("$.list[*]", doc) == [1, 2, 3])
        #expect(try evaluate("$.obj.*", doc) == [1, [2], "3"])
        #expect(try evaluate("$.obj[*]", doc) == [1, [2], "3"])
        #expect(try evaluate("$.rows[*].id", doc) == [1, 2])
        #expect(try evaluate("$.list[*].id", doc) == [])
        #expect(try evaluate("$.items[*]", "{}") == [])
        #expect(try evaluate("$.list[0].*", doc) == [])
    }

    @Test("slices take a range of elements; negative bounds count from the end")
    func slices() throws {
        let doc = #"{"a": [0, 1, 2, 3, 4]}"#
        #expect(try evaluate("$.a[1:3]", doc) == [1, 2])
        #expect(try evaluate("$.a[3:]", doc) == [3, 4])
        #expect(try evaluate("$.a[:2]", doc) == [0, 1])
        #expect(try evaluate("$.a[-2:]", doc) == [3, 4])
        #expect(try evaluate("$.a[:-3]", doc) == [0, 1])
        #expect(try evaluate("$.a[0:100]", doc) == [0, 1, 2, 3, 4])
        #expect(try evaluate("$.a[3:1]", doc) == [])
        #expect(try evaluate("$.a[-100:1]", doc) == [0])
        #expect(try evaluate("$.missing[1:2]", doc) == [])
    }

    @Test("unions select several indexes or names, skipping absent ones")
    func unions() throws {
        let doc = #"{"a": [10, 20, 30], "o": {"x": 1, "y": 2, "z": 3}}"#
        #expect(try evaluate("$.a[0,2]", doc) == [10, 30])
        #expect(try evaluate("$.a[2, -3, 9]", doc) == [30, 10])
        #expect(try evaluate("$.o['z','x']", doc) == [3, 1])
        #expect(try evaluate(#"$.o["y", 'nope']"#, doc) == [2])
    }

    @Test("deep scans search the node and everything beneath it in document order")
    func deepScan() throws {
        #expect(try evaluate("$..price", store) == [8.95, 12.99, 8, 19.95])
        #expect(try evaluate("$.store..title", store) == ["A", "B", "C"])
        #expect(try evaluate("$..book[0].title", store) == ["A"])
        #expect(try evaluate("$..book[-1:].title", store) == ["C"])
        #expect(try evaluate("$..nothing", store) == [])
        #expect(try evaluate("$..*", #"{"a": {"b": 1}, "c": [2]}"#) == [["b": 1], [2], 1, 2])
        #expect(try evaluate("$..[0]", #"{"a": [[1, 2], [3]]}"#) == [[1, 2], 1, 3])
    }

    @Test("deep scans of deeply nested data and long paths do not exhaust the stack")
    func pathological() throws {
        var deep: JSON = 0
        for _ in 0..<2_000 { deep = ["k": deep] }
        let matches = try JSONPath("$..k").evaluate(deep)
        #expect(matches.arrayValue?.count == 2_000)

        let long = "$" + String(repeating: ".a", count: 5_000)
        #expect(try JSONPath(long).evaluateIfPresent(["a": 1]) == nil)
        let nested = "$[?(" + String(repeating: "(", count: 60) + "@.a" + String(repeating: ")", count: 60) + ")]"
        #expect(try JSONPath(nested).evaluate([["a": 1], [:]]) == [["a": 1]])
    }
}

@Suite("JSONPath: filters")
struct JSONPathFilterTests {
    private let users = #"{"users": [{"year": 1997, "status": 0, "name": "ann"}, {"year": 1998, "status": 1, "name": "bob", "admin": false}, {"year": 2001, "status": "0"}]}"#

    @Test("each comparison operator", arguments: [
        ("$.users[?(@.status == 0)].year", [1997] as [JSON]),
        ("$.users[?(@.status != 0)].year", [1998, 2001]),
        ("$.users[?(@.year < 1998)].year", [1997]),
        ("$.users[?(@.year <= 1998)].year", [1997, 1998]),
        ("$.users[?(@.year > 1998)].year", [2001]),
        ("$.users[?(@.year >= 1998)].year", [1998, 2001]),
        ("$.users[?(@.year==1997.0)].year", [1997]),
        ("$.users[?(@.name == 'bob')].year", [1998]),
        (#"$.users[?(@.name == "ann")].year"#, [1997]),
        ("$.users[?(@.name < 'b')].year", [1997]),
        ("$.users[?(@.status == '0')].year", [2001]),
        ("$.users[?(@.admin == false)].year", [1998]),
        ("$.users[?(1997 == @.year)].year", [1997]),
    ])
    func comparisons(path: String, expected: [JSON]) throws {
        #expect(try evaluate(path, users) == .array(expected))
    }

    @Test("a filter keeps whole elements")
    func wholeElements() throws {
        let doc = #"{"users":[{"year":1997,"status":0},{"year":1998,"status":1}]}"#
        #expect(try evaluate("$.users[?(@.status == 0)]", doc) == [["year": 1997, "status": 0]])
        #expect(try evaluate("$.users[?(@.status == 7)]", doc) == [])
    }

    @Test("&&, || and ! combine conditions; parentheses group them")
    func logic() throws {
        #expect(try evaluate("$.users[?(@.year > 1996 && @.status == 1)].year", users) == [1998])
        #expect(try evaluate("$.users[?(@.year == 2001 || @.status == 0)].year", users) == [1997, 2001])
        #expect(try evaluate("$.users[?(@.year>1996&&@.year<2000&&@.status==0)].year", users) == [1997])
        #expect(try evaluate("$.users[?(!(@.status == 0))].year", users) == [1998, 2001])
        #expect(try evaluate("$.users[?((@.year == 2001 || @.year == 1997) && @.name)].year", users) == [1997])
    }

    @Test("a path alone tests existence, even of a false value; ! negates it")
    func existence() throws {
        #expect(try evaluate("$.users[?(@.admin)].year", users) == [1998])
        #expect(try evaluate("$.users[?(@['name'])].year", users) == [1997, 1998])
        #expect(try evaluate("$.users[?(!@.name)].year", users) == [2001])
        #expect(try evaluate("$..book[?(@.isbn)].title", store) == ["B", "C"])
    }

    @Test("values of different types are not equal and not ordered")
    func mixedTypes() throws {
        let doc = #"{"v": [1, "1", true, null, [1], {"a": 1}, 2.5]}"#
        #expect(try evaluate("$.v[?(@ == 1)]", doc) == [1])
        #expect(try evaluate("$.v[?(@ == '1')]", doc) == ["1"])
        #expect(try evaluate("$.v[?(@ == true)]", doc) == [true])
        #expect(try evaluate("$.v[?(@ == null)]", doc) == [nil])
        #expect(try evaluate("$.v[?(@ > 0)]", doc) == [1, 2.5])
        #expect(try evaluate("$.v[?(@ < 'a')]", doc) == ["1"])
        #expect(try evaluate("$.v[?(@ != 1)]", doc) == ["1", true, nil, [1], ["a": 1], 2.5])
        #expect(try evaluate("$.v[?(@.a == 1)]", doc) == [["a": 1]])
    }

    @Test("nested item paths, root references, and filters over object member values")
    func operands() throws {
        let doc = #"{"limit": 10, "items": [{"d": {"p": 5}}, {"d": {"p": 15}}], "byName": {"x": {"p": 1}, "y": {"p": 20}}}"#
        #expect(try evaluate("$.items[?(@.d.p < $.limit)]", doc) == [["d": ["p": 5]]])
        #expect(try evaluate("$.items[?(@['d']['p'] >= 15)].d.p", doc) == [15])
        #expect(try evaluate("$.byName[?(@.p > 10)]", doc) == [["p": 20]])
        #expect(try evaluate("$..book[?(@.price < $.expensive)].title", store) == ["A", "C"])
        #expect(try evaluate("$.store.book[?(@.price > -1e3)].title", store) == ["A", "B", "C"])
        #expect(try evaluate("$.items[?(@.d.*)]", doc) == [["d": ["p": 5]], ["d": ["p": 15]]])
    }

    @Test("a filter over a scalar or a missing member matches nothing")
    func nonContainers() throws {
        #expect(try evaluate("$.s[?(@ == 1)]", #"{"s": 1}"#) == [])
        #expect(try evaluate("$.missing[?(@ == 1)]", "{}") == [])
    }
}

@Suite("JSONPath: syntax errors")
struct JSONPathSyntaxTests {
    @Test("malformed paths are refused with a message naming the path", arguments: [
        "", "   ", "a.b", "@.a", "$.", "$a", "$..", "$...a", "$.a..", "$[", "$.a[0", "$['a'", "$['a]", "$[]",
        "$[a]", "$[1:2:3]", "$[-]", "$[0,]", "$['a',]", "$.a b", "$.length()", "$[99999999999999999999]",
        "$[?(@.a ==)]", "$[?(@.a = 1)]", "$[?(@.a =~ /x/)]", "$[?(@.a == 1]", "$[?@.a]", "$[?(1)]",
        "$[?(@.a == nope)]", "$[?(@.a && )]", "$[?($$.a)]", "$$$", "$.a.*b", "$['\\u12']",
    ])
    func malformed(text: String) {
        do {
            _ = try JSONPath(text)
            Issue.record("'\(text)' should be refused")
        } catch {
            #expect(error.message.contains("'\(text)'"))
        }
    }

    @Test("an unterminated bracket is reported as such")
    func unterminated() {
        #expect(throws: ExpressionSyntaxError("Invalid JSONPath '$.a[0': unterminated '[' (at character 3)")) {
            try JSONPath("$.a[0")
        }
    }

    @Test("nesting deeper than the cap is refused, not recursed into")
    func depthCap() {
        let tooDeep = "$[?(" + String(repeating: "(", count: 100) + "@.a" + String(repeating: ")", count: 100) + ")]"
        #expect(throws: ExpressionSyntaxError.self) { try JSONPath(tooDeep) }
        let nots = "$[?(" + String(repeating: "!", count: 10_000) + "@.a)]"
        #expect(throws: ExpressionSyntaxError.self) { try JSONPath(nots) }
        let filters = "$" + String(repeating: "[?(@", count: 100) + String(repeating: ")]", count: 100)
        #expect(throws: ExpressionSyntaxError.self) { try JSONPath(filters) }
    }

    @Test("surrounding whitespace is ignored, as Jayway trims it")
    func whitespace() throws {
        #expect(try evaluate(" $.a ", #"{"a": 1}"#) == 1)
    }
}

@Suite("ReferencePath: placing results")
struct ReferencePathTests {
    @Test("setting replaces or adds a member, creating missing objects on the way")
    func nested() throws {
        let input = try document(#"{"a": {"b": 1, "keep": true}, "z": 0}"#)
        #expect(try ReferencePath("$.a.b").setting("new", in: input) == document(#"{"a": {"b": "new", "keep": true}, "z": 0}"#))
        #expect(try ReferencePath("$.a.c").setting(2, in: input) == document(#"{"a": {"b": 1, "keep": true, "c": 2}, "z": 0}"#))
        #expect(try ReferencePath("$.x.y.z").setting(3, in: input) == document(#"{"a": {"b": 1, "keep": true}, "z": 0, "x": {"y": {"z": 3}}}"#))
        #expect(try ReferencePath("$['odd key']").setting(nil, in: [:]) == ["odd key": nil])
        let added = try ReferencePath("$.a.c").setting(2, in: input)
        #expect(added.compactText == #"{"a":{"b":1,"keep":true,"c":2},"z":0}"#)
    }

    @Test("setting at an existing array index replaces that element")
    func arrayIndex() throws {
        let input = try document(#"{"list": [{"v": 1}, {"v": 2}]}"#)
        #expect(try ReferencePath("$.list[1].v").setting(9, in: input) == document(#"{"list": [{"v": 1}, {"v": 9}]}"#))
        #expect(try ReferencePath("$.list[0]").setting("x", in: input) == document(#"{"list": ["x", {"v": 2}]}"#))
        #expect(try ReferencePath("$.list[-1]").setting("y", in: input) == document(#"{"list": [{"v": 1}, "y"]}"#))
    }

    @Test("$ replaces the whole input")
    func root() throws {
        #expect(try ReferencePath("$").setting(["r": 1], in: "anything") == ["r": 1])
    }

    @Test("a path through something that is not an object, or past an array's end, fails")
    func notAnObject() throws {
        #expect(throws: StatesError.runtime(#"Unable to apply ReferencePath $.a.b to input "x""#)) {
            try ReferencePath("$.a.b").setting(1, in: "x")
        }
        #expect(throws: StatesError.runtime(#"Unable to apply ReferencePath $.a.b to input {"a":5}"#)) {
            try ReferencePath("$.a.b").setting(1, in: ["a": 5])
        }
        #expect(throws: StatesError.runtime(#"Unable to apply ReferencePath $.a[2] to input {"a":[1]}"#)) {
            try ReferencePath("$.a[2]").setting(1, in: ["a": [1]])
        }
        #expect(throws: StatesError.runtime(#"Unable to apply ReferencePath $.a[0] to input {}"#)) {
            try ReferencePath("$.a[0]").setting(1, in: [:])
        }
        #expect(throws: StatesError.runtime(#"Unable to apply ReferencePath $.a.b to input {"a":[1]}"#)) {
            try ReferencePath("$.a.b").setting(1, in: ["a": [1]])
        }
    }

    @Test("only names and single indexes are allowed", arguments: [
        "$$.x", "$.a[*]", "$.a.*", "$..a", "$.a[0,1]", "$['a','b']", "$.a[1:]", "$.a[?(@.b)]", "", "x", "$.",
    ])
    func refused(text: String) {
        #expect(throws: ExpressionSyntaxError.self) { try ReferencePath(text) }
    }

    @Test("a long reference path builds the nesting without recursion")
    func longPath() throws {
        let path = try ReferencePath("$" + String(repeating: ".a", count: 500))
        var value = try path.setting(1, in: [:])
        for _ in 0..<500 { value = value["a"] ?? nil }
        #expect(value == 1)
    }
}
