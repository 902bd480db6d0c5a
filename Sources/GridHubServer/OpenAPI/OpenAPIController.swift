import Hummingbird

/// Serves the API contract, `openapi.yaml`, compiled into the binary.
struct OpenAPIController {
    /// The spec's text; a test holds it true against every route of the router.
    static var specification: String { String(decoding: PackageResources.openapi_yaml, as: UTF8.self) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
        }
    }
}
