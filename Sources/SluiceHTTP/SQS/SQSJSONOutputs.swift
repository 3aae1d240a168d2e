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
        writer.batchResult(successful: Successful, failed: Failed) { entry, writer in
            writer.member("Id", entry.Id)
            writer.member("MessageId", entry.MessageId)
            writer.member("MD5OfMessageBody", entry.MD5OfMessageBody)
            writer.member("MD5OfMessageAttributes", entry.MD5OfMessageAttributes)
            writer.member("MD5OfMessageSystemAttributes", entry.MD5OfMessageSystemAttributes)
            writer.member("SequenceNumber", entry.SequenceNumber)
        }
    }
}

extension BatchIdOutput: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.batchResult(successful: Successful, failed: Failed) { entry, writer in
            writer.member("Id", entry.Id)
        }
    }
}

extension JSONWriter {
    /// `{"Successful": [...], "Failed": [...]}`, every batch action's result.
    mutating func batchResult<Entry>(
        successful: [Entry], failed: [BatchResultErrorEntry], _ writeEntry: (Entry, inout JSONWriter) -> Void
    ) {
        beginObject()
        beginArray("Successful")
        for entry in successful {
            beginObject()
            writeEntry(entry, &self)
            endObject()
        }
        endArray()
        beginArray("Failed")
        for entry in failed {
            beginObject()
            member("Id", entry.Id)
            member("SenderFault", entry.SenderFault)
            member("Code", entry.Code)
            member("Message", entry.Message)
            endObject()
        }
        endArray()
        endObject()
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
