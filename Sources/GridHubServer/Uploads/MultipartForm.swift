import Foundation
import GridHubCore
import Hummingbird
import NIOCore

/// A `multipart/form-data` body, with its limits: bytes in all (counted as they arrive, whether or not
/// the client declared a length), parts, bytes a field, bytes a photo, photos.
struct MultipartForm {
    var fields: [String: String] = [:]
    /// Every field in order, repeats included (`attribute[impacts][]` twice).
    var pairs: [(name: String, value: String)] = []
    var files: [[UInt8]] = []

    static let maxFieldBytes = 64 * 1024
    /// Fields and files together: a report has about a dozen fields and nine photos at most.
    static let maxParts = 64
    /// The whole body: nine photos at their cap and a megabyte of fields.
    static let maxBytes = ReportRules.maxPhotos * ReportRules.maxPhotoBytes + 1_048_576

    /// Reads the body (counting bytes as they arrive, declared length or not), then its parts.
    static func read(_ request: Request, boundary: String) async throws -> MultipartForm {
        var body: [UInt8] = []
        for try await buffer in request.body {
            guard body.count + buffer.readableBytes <= maxBytes else {
                throw GridHubError(.payloadTooLarge, "body_too_large", "A form is at most \(maxBytes / 1_048_576) MB in all.")
            }
            body += buffer.readableBytesView
        }
        return try parse(body, boundary: boundary)
    }

    /// The parts of a `multipart/form-data` body (RFC 7578): each after a `--boundary` line, headers up
    /// to an empty line, content up to the next `\r\n--boundary`; `--boundary--` ends the form. Written
    /// here rather than taken from a package: any byte a client sends must give a form or a 400, never a trap.
    static func parse(_ body: [UInt8], boundary: String) throws -> MultipartForm {
        let malformed = GridHubError(.badRequest, "invalid_multipart", "The multipart body is malformed.")
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else { throw malformed }
        // The first delimiter starts the body or follows a preamble's line break.
        guard var at = find(delimiter, in: body, from: 0), at == 0 || body[..<at].suffix(2).elementsEqual(crlf) else {
            throw malformed
        }
        var form = MultipartForm()
        var parts = 0
        while true {
            at += delimiter.count
            if body[at...].starts(with: [45, 45]) { return form }  // "--": the closing delimiter
            guard body[at...].starts(with: crlf) else { throw malformed }
            at += 2
            guard let headersEnd = find(crlf + crlf, in: body, from: at - 2) else { throw malformed }
            let headers = try Self.headers(body[at..<max(at, headersEnd)])
            let contentStart = headersEnd + 4
            guard let next = find(crlf + delimiter, in: body, from: contentStart) else { throw malformed }
            parts += 1
            guard parts <= maxParts else {
                throw GridHubError(.payloadTooLarge, "too_many_parts", "A form has at most \(maxParts) fields and files.")
            }
            try form.add(Array(body[contentStart..<next]), disposition: Self.disposition(headers["content-disposition"] ?? ""))
            at = next + 2
        }
    }

    /// One part: a file (it has a `filename`) or a field.
    mutating func add(_ content: [UInt8], disposition d: (name: String?, filename: String?)) throws {
        if d.filename != nil {
            guard content.count <= ReportRules.maxPhotoBytes else {
                throw GridHubError(
                    .payloadTooLarge, "photo_too_large", "Each photo is at most \(ReportRules.maxPhotoBytes / 1_048_576) MB.")
            }
            guard files.count < ReportRules.maxPhotos else {
                throw GridHubError.invalid("photos", "At most \(ReportRules.maxPhotos) photos per report.")
            }
            files.append(content)
        } else if let name = d.name {
            guard content.count <= Self.maxFieldBytes else {
                throw GridHubError(.payloadTooLarge, "field_too_large", "A form field is at most 64 KB.")
            }
            let value = String(decoding: content, as: UTF8.self)
            fields[name] = value
            pairs.append((name, value))
        }
    }

    /// `Name: value` lines, names lower-cased; a name must be an ASCII token.
    static func headers(_ block: ArraySlice<UInt8>) throws -> [String: String] {
        var out: [String: String] = [:]
        let text = String(decoding: block, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw GridHubError(.badRequest, "invalid_multipart", "A part header has no ':'.") }
            let name = line[..<colon]
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) else {
                throw GridHubError(.badRequest, "invalid_multipart", "A part header has a malformed name.")
            }
            out[name.lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    /// Where `needle` first occurs in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, start >= 0, haystack.count >= needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// The `name` and `filename` of a `Content-Disposition: form-data; name="…"; filename="…"` header.
    static func disposition(_ header: String) -> (name: String?, filename: String?) {
        var name: String?
        var filename: String?
        for part in header.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2 else { continue }
            let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            switch kv[0].lowercased() {
            case "name": name = value
            case "filename": filename = value
            default: continue
            }
        }
        return (name, filename)
    }

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(of contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}

extension Request {
    /// The body's form when it is `multipart/form-data`, nil for any other type: the one upload path
    /// every feature reads fields and photos through (the photos then go to ``PhotoStore/saveAll(_:)``,
    /// which checks, strips and durably stores them, and ``Attachments`` ties them to a subject).
    func multipartForm() async throws -> MultipartForm? {
        let contentType = headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        guard let boundary = MultipartForm.boundary(of: contentType) else {
            throw GridHubError(.badRequest, "invalid_multipart", "multipart/form-data needs a boundary.")
        }
        return try await MultipartForm.read(self, boundary: boundary)
    }
}
