import GridHubCore
import GridHubStore
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    /// The secret of an anonymous reporter's device, given back with its first report.
    static let deviceToken = Self("Device-Token")!
}

/// What an anonymous reader must show to read a device's reports and notices: its `device_id` and the
/// `Device-Token` it was given. A signed-in reader needs neither.
struct DeviceProof {
    let devices: DeviceStore

    /// The device id, once its token checks out; 401 otherwise.
    func device(of request: Request) async throws -> String {
        guard let device: String = try request.query("device_id") else {
            throw GridHubError(.unauthorized, "unauthenticated", "Sign in, or pass the device_id you reported with.")
        }
        guard try await devices.verify(device, token: request.headers[.deviceToken]) else {
            throw GridHubError(
                .unauthorized, "invalid_device_token",
                "Send the Device-Token this device was given with its first report.")
        }
        return device
    }
}
