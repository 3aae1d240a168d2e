import Foundation

// Hand-written JSON for the outputs of the hot actions (see JSONWriter). Member names and
// omissions follow the Encodable conformances exactly; SQSJSONOutputTests compares the two.

extension EmptyOutput: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.endObject()
    }
}

extension SendMessage.Output: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("MD5OfMessageBody", MD5OfMessageBody)
        writer.member("MD5OfMessageAttributes", MD5OfMessageAttributes)
        writer.member("MD5OfMessageSystemAttributes", MD5OfMessageSystemAttributes)
        writer.member("MessageId", MessageId)
        writer.member("SequenceNumber", SequenceNumber)
        writer.endObject()
    }
}

extension SendMessageBatch.Output: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.beginArray("Successful")
        for entry in Successful {
            writer.beginObject()
            writer.member("Id", entry.Id)
            writer.member("MessageId", entry.MessageId)
            writer.member("MD5OfMessageBody", entry.MD5OfMessageBody)
            writer.member("MD5OfMessageAttributes", entry.MD5OfMessageAttributes)
            writer.member("MD5OfMessageSystemAttributes", entry.MD5OfMessageSystemAttributes)
            writer.member("SequenceNumber", entry.SequenceNumber)
            writer.endObject()
        }
        writer.endArray()
        Failed.write(to: &writer)
        writer.endObject()
    }
}

extension BatchIdOutput: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.beginArray("Successful")
        for entry in Successful {
            writer.beginObject()
            writer.member("Id", entry.Id)
            writer.endObject()
        }
        writer.endArray()
        Failed.write(to: &writer)
        writer.endObject()
    }
}

extension [BatchResultErrorEntry] {
    func write(to writer: inout JSONWriter) {
        writer.beginArray("Failed")
        for entry in self {
            writer.beginObject()
            writer.member("Id", entry.Id)
            writer.member("SenderFault", entry.SenderFault)
            writer.member("Code", entry.Code)
            writer.member("Message", entry.Message)
            writer.endObject()
        }
        writer.endArray()
    }
}

extension ReceiveMessage.Output: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let Messages {
            writer.beginArray("Messages")
            for message in Messages {
                writer.beginObject()
                writer.member("MessageId", message.MessageId)
                writer.member("ReceiptHandle", message.ReceiptHandle)
                writer.member("MD5OfBody", message.MD5OfBody)
                writer.member("Body", message.Body)
                writer.stringMap("Attributes", message.Attributes)
                writer.member("MD5OfMessageAttributes", message.MD5OfMessageAttributes)
                if let attributes = message.MessageAttributes {
                    writer.key("MessageAttributes")
                    writer.beginObject()
                    for (name, value) in attributes {
                        writer.key(name)
                        writer.beginObject()
                        writer.member("DataType", value.DataType)
                        writer.member("StringValue", value.StringValue)
                        writer.member(base64: "BinaryValue", value.BinaryValue)
                        writer.endObject()
                    }
                    writer.endObject()
                }
                writer.endObject()
            }
            writer.endArray()
        }
        writer.endObject()
    }
}
