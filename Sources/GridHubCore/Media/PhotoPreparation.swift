/// What happens to a photo before anything is stored: its type is proven by its bytes, its whole
/// structure is read (a file that only starts like an image is refused, and so is one with data after
/// its end), its declared size is capped (no pixel bombs), and its location and device metadata is
/// removed, in every format.
public enum PhotoPreparation {
    /// The most pixels a photo may declare: 40 megapixels, more than any phone camera takes.
    public static let maxPixels = 40_000_000

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
        let image =
            switch kind {
            case .jpeg: try JPEGImage.read(bytes)
            case .png: try PNGImage.read(bytes)
            case .webp: try WebPImage.read(bytes)
            case .heic: try HEICImage.read(bytes)
            case .svg: throw GridHubError(.unsupportedMediaType, "not_an_image", "A photo cannot be an SVG.")
            }
        guard image.width > 0, image.height > 0 else {
            throw GridHubError(.unprocessable, "invalid_image", "The image declares no size.")
        }
        guard image.width <= maxPixels, image.height <= maxPixels, image.width * image.height <= maxPixels else {
            throw GridHubError(
                .unprocessable, "image_too_large",
                "The image declares \(image.width) × \(image.height) pixels; at most \(maxPixels / 1_000_000) megapixels.")
        }
        return (kind, image.stripped)
    }
}
