import Foundation
import GridHubCore
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body read as it streams in, with limits enforced as bytes arrive — whether
/// or not the client declared a length (a chunked body is counted too): a photo over the cap, one photo
/// too many, too many parts or too many bytes in all is refused before the rest of the body is read.
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

    static func read(_ request: Request, boundary: String) async throws -> MultipartForm {
        let parser = MultipartParser(boundary: boundary)
        var form = MultipartForm()
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        var failure: GridHubError?

        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            guard failure == nil else { return }
            let isFile = Self.disposition(headers["content-disposition"] ?? "").filename != nil
            let cap = isFile ? ReportRules.maxPhotoBytes : maxFieldBytes
            if body.count + buffer.readableBytes > cap {
                failure =
                    isFile
                    ? GridHubError(.payloadTooLarge, "photo_too_large", "Each photo is at most \(cap / 1_048_576) MB.")
                    : GridHubError(.payloadTooLarge, "field_too_large", "A form field is at most 64 KB.")
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        }
        var parts = 0
        parser.onPartComplete = {
            guard failure == nil else { return }
            parts += 1
            guard parts <= maxParts else {
                failure = GridHubError(.payloadTooLarge, "too_many_parts", "A form has at most \(maxParts) fields and files.")
                return
            }
            let d = Self.disposition(headers["content-disposition"] ?? "")
            if d.filename != nil {
                if form.files.count == ReportRules.maxPhotos {
                    failure = GridHubError.invalid("photos", "At most \(ReportRules.maxPhotos) photos per report.")
                } else {
                    form.files.append(body)
                }
            } else if let name = d.name {
                let value = String(decoding: body, as: UTF8.self)
                form.fields[name] = value
                form.pairs.append((name, value))
            }
            headers = [:]
            body = []
        }
        var total = 0
        do {
            for try await buffer in request.body {
                total += buffer.readableBytes
                guard total <= maxBytes else {
                    throw GridHubError(.payloadTooLarge, "body_too_large", "A form is at most \(maxBytes / 1_048_576) MB in all.")
                }
                try parser.execute(buffer)
                if let failure { throw failure }
            }
        } catch let error as GridHubError {
            throw error
        } catch {
            throw GridHubError(.badRequest, "invalid_multipart", "The multipart body is malformed.")
        }
        if let failure { throw failure }
        return form
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
