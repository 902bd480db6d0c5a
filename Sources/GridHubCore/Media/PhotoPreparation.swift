/// What happens to a photo before it is stored: its type is proven by its bytes, its size is capped,
/// and a JPEG loses its EXIF (GPS position, camera, time) so a reporter's home is not published.
public enum PhotoPreparation {
    public static func prepare(_ bytes: [UInt8]) throws -> (kind: ImageKind, bytes: [UInt8]) {
        guard !bytes.isEmpty else {
            throw GridHubError(.badRequest, "empty_photo", "A photo was sent with no bytes.")
        }
        guard bytes.count <= ReportRules.maxPhotoBytes else {
            throw GridHubError(
                .payloadTooLarge, "photo_too_large", "Each photo is at most \(ReportRules.maxPhotoBytes / 1_048_576) MB.")
        }
        guard let kind = ImageKind.sniff(bytes) else {
            throw GridHubError(
                .unsupportedMediaType, "not_an_image", "A photo must be a JPEG, PNG, WebP or HEIC image; these bytes are not.")
        }
        return (kind, kind == .jpeg ? try JPEGMetadata.strip(bytes) : bytes)
    }
}
