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
        guard let device = try Self.given(request) else {
            throw GridHubError(.unauthorized, "unauthenticated", "Sign in, or pass the device_id you reported with.")
        }
        guard try await devices.verify(device, token: request.headers[.deviceToken]) else {
            throw GridHubError(
                .unauthorized, "invalid_device_token",
                "Send the Device-Token this device was given with its first report.")
        }
        return device
    }

    /// The `device_id` parameter when given, checked as a device id is (400 otherwise), signed in or not.
    static func given(_ request: Request) throws -> String? {
        guard let device: String = try request.query("device_id") else { return nil }
        guard ReportRules.isValidDeviceID(device) else {
            throw GridHubError.invalid("device_id", "A device id is 1–128 letters, digits, '-', '_', ':' or '.'.")
        }
        return device
    }
}
