import Foundation
import GridHubCore
import GridHubServer
import GridHubStore
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML element as an Open311 answer has them: a name, text, children.
final class XMLElementTree {
    let name: String
    var text = ""
    var children: [XMLElementTree] = []

    init(name: String) { self.name = name }

    /// Parses a whole document, or nil when it is not well-formed.
    static func parse(_ text: String) -> XMLElementTree? {
        let delegate = Builder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        return parser.parse() ? delegate.root : nil
    }

    func child(_ name: String) -> XMLElementTree? { children.first { $0.name == name } }
    func all(_ name: String) -> [XMLElementTree] { children.filter { $0.name == name } }
    subscript(_ name: String) -> String? { child(name)?.text }

    final class Builder: NSObject, XMLParserDelegate {
        var root: XMLElementTree?
        var stack: [XMLElementTree] = []

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let element = XMLElementTree(name: name)
            stack.last?.children.append(element)
            if root == nil { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

extension TestClientProtocol {
    /// A form-encoded POST, fields in order (names may repeat).
    func postForm(_ uri: String, _ fields: [(String, String)], headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    var xml: XMLElementTree? { XMLElementTree.parse(text) }
}

enum Open311Fixture {
    static let base = "/open311/v2"

    static func key(_ runtime: GridHubRuntime, app: String = "city-app") async throws -> String {
        try await ApiKeyStore(database: runtime.database).add(name: app).secret
    }

    static func count(_ runtime: GridHubRuntime, _ table: String) async throws -> Int {
        try await InstancesTests.count(runtime, table)
    }

    /// The id (tracking number) out of a POST answer in either format.
    static func requestID(_ r: TestResponse, _ format: Open311Format) -> String? {
        format == .json
            ? r.array.first?["service_request_id"] as? String
            : r.xml?.child("request")?["service_request_id"]
    }
}
