import Foundation
import Logging
import SluiceCore

/// The SQS query protocol of older SDKs: form parameters in, XML out.
enum SQSQueryProtocol {
    static let namespace = "http://queue.amazonaws.com/doc/2012-11-05/"
    static let contentType = "text/xml"

    static func respond(
        parameters: [(String, String)], context: SQSRequestContext, requestId: String, logger: Logger
    ) async -> WireResponse {
        guard let name = parameters.first(where: { $0.0 == "Action" })?.1 else {
            return error(SluiceError(.invalidAction, "The request must contain the parameter Action."), requestId)
        }
        guard let action = SQSActions.all[name] else {
            return error(SluiceError(.invalidAction, "The action \(name) is not valid for this endpoint."), requestId)
        }
        do {
            let input = try SQSQueryInput.json(action: name, parameters: parameters)
            let output = try await action.run(input, context)
            let json = try JSON.parse(data: JSONEncoder().encode(output))
            var xml = XMLWriter()
            xml.open("\(name)Response", attributes: "xmlns=\"\(namespace)\"")
            // Actions with a result always carry its element, empty or not (an empty receive is
            // `<ReceiveMessageResult/>`); actions without one carry only the metadata.
            if !(output is EmptyOutput), case .object(let fields) = json {
                xml.open("\(name)Result")
                SQSXMLOutput.write(fields, action: name, into: &xml)
                xml.close("\(name)Result")
            }
            xml.metadata(requestId)
            xml.close("\(name)Response")
            return WireResponse(status: 200, contentType: contentType, body: xml.data)
        } catch let failure as SluiceError {
            return error(failure, requestId)
        } catch {
            logger.error(
                "SQS action failed",
                metadata: ["sluice.action": "\(name)", "sluice.error": "\(error)", "sluice.request_id": "\(requestId)"])
            return Self.error(
                SluiceError(.internalFailure, "The request processing has failed because of an unknown error."),
                requestId)
        }
    }

    static func error(_ error: SluiceError, _ requestId: String) -> WireResponse {
        let wire = WireError.lookup(error.code)
        let message =
            error.code == .queueDoesNotExist ? "The specified queue does not exist for this wsdl version." : error.message
        var xml = XMLWriter()
        xml.open("ErrorResponse", attributes: "xmlns=\"\(namespace)\"")
        xml.open("Error")
        xml.element("Type", wire.senderFault ? "Sender" : "Receiver")
        xml.element("Code", wire.queryCode)
        xml.element("Message", message)
        xml.raw("<Detail/>")
        xml.close("Error")
        xml.element("RequestId", requestId)
        xml.close("ErrorResponse")
        return WireResponse(status: wire.status, contentType: contentType, body: xml.data)
    }

    /// Form-encoded `key=value&…` pairs, percent-decoded, `+` as space.
    static func parseForm(_ text: Substring) -> [(String, String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]) else { return nil }
            return (key, parts.count > 1 ? decode(parts[1]) ?? "" : "")
        }
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// The element layout of SQS's XML responses: flattened lists and name/value maps.
enum SQSXMLOutput {
    static func write(_ fields: JSONObject, action: String, into xml: inout XMLWriter) {
        for key in fields.keys.sorted() {
            write(key: key, fields[key]!, action: action, into: &xml)
        }
    }

    static func write(key: String, _ value: JSON, action: String, into xml: inout XMLWriter) {
        switch (key, value) {
        case ("QueueUrls", .array(let urls)), ("queueUrls", .array(let urls)):
            for url in urls { scalar("QueueUrl", url, into: &xml) }
        case ("Attributes", .object(let map)):
            for name in map.keys.sorted() {
                xml.open("Attribute")
                xml.element("Name", name)
                scalar("Value", map[name]!, into: &xml)
                xml.close("Attribute")
            }
        case ("Tags", .object(let map)):
            for name in map.keys.sorted() {
                xml.open("Tag")
                xml.element("Key", name)
                scalar("Value", map[name]!, into: &xml)
                xml.close("Tag")
            }
        case ("MessageAttributes", .object(let map)):
            for name in map.keys.sorted() {
                xml.open("MessageAttribute")
                xml.element("Name", name)
                xml.open("Value")
                if case .object(let fields) = map[name]! { write(fields, action: action, into: &xml) }
                xml.close("Value")
                xml.close("MessageAttribute")
            }
        case (_, .array(let items)):
            let element = elementName(forListKey: key, action: action)
            for item in items {
                if case .object(let fields) = item {
                    xml.open(element)
                    write(fields, action: action, into: &xml)
                    xml.close(element)
                } else {
                    scalar(element, item, into: &xml)
                }
            }
        case (_, .object(let fields)):
            xml.open(key)
            write(fields, action: action, into: &xml)
            xml.close(key)
        default:
            scalar(key, value, into: &xml)
        }
    }

    static func elementName(forListKey key: String, action: String) -> String {
        switch key {
        case "Messages": "Message"
        case "Successful": "\(action)ResultEntry"
        case "Failed": "BatchResultErrorEntry"
        case "Results": "\(action)ResultEntry"
        default: key
        }
    }

    static func scalar(_ name: String, _ value: JSON, into xml: inout XMLWriter) {
        switch value {
        case .string(let text): xml.element(name, text)
        case .bool(let flag): xml.element(name, flag ? "true" : "false")
        case .int(let number): xml.element(name, String(number))
        case .double(let number):
            xml.element(name, number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number))
        case .null, .array, .object: break
        }
    }
}

struct XMLWriter {
    private var text = "<?xml version=\"1.0\"?>"

    var data: Data { Data(text.utf8) }

    mutating func open(_ name: String, attributes: String? = nil) {
        text += attributes.map { "<\(name) \($0)>" } ?? "<\(name)>"
    }

    mutating func close(_ name: String) { text += "</\(name)>" }

    mutating func raw(_ fragment: String) { text += fragment }

    mutating func element(_ name: String, _ value: String) {
        text += "<\(name)>\(Self.escape(value))</\(name)>"
    }

    mutating func metadata(_ requestId: String) {
        open("ResponseMetadata")
        element("RequestId", requestId)
        close("ResponseMetadata")
    }

    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#xD;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
