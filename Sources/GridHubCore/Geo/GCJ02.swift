import Foundation

/// GCJ-02 (国测局坐标): the offset datum Chinese web maps use.
///
/// The forward transform is the published Krasovsky-ellipsoid formula; the inverse has no closed
/// form, so it is solved by fixed-point iteration to well under a centimetre. Points outside
/// mainland China are not offset, as the maps do.
public enum GCJ02 {
    private static let a = 6_378_245.0
    private static let ee = 0.006_693_421_622_965_943_23

    /// Whether a point is outside the region where the offset applies (coarse box, as the maps use).
    public static func isOutsideChina(_ p: Coordinate) -> Bool {
        p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271
    }

    /// WGS-84 → GCJ-02.
    public static func fromWGS84(_ p: Coordinate) -> Coordinate {
        if isOutsideChina(p) { return p }
        let (dLat, dLon) = offset(p)
        return Coordinate(lat: p.lat + dLat, lon: p.lon + dLon)
    }

    /// GCJ-02 → WGS-84, iterated until the forward transform of the answer lands on the input.
    public static func toWGS84(_ g: Coordinate) -> Coordinate {
        if isOutsideChina(g) { return g }
        var w = Coordinate(lat: g.lat, lon: g.lon)
        for _ in 0..<30 {
            let back = fromWGS84(w)
            let eLat = back.lat - g.lat
            let eLon = back.lon - g.lon
            w.lat -= eLat
            w.lon -= eLon
            if abs(eLat) < 1e-10 && abs(eLon) < 1e-10 { break }
        }
        return w
    }

    private static func offset(_ p: Coordinate) -> (Double, Double) {
        let x = p.lon - 105.0
        let y = p.lat - 35.0
        var dLat = transformLat(x, y)
        var dLon = transformLon(x, y)
        let radLat = p.lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLon)
    }

    private static func transformLat(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    private static func transformLon(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }
}
