/// A QR code (ISO/IEC 18004) in byte mode at error correction level M, versions 1–10 (up to 213
/// bytes: a check-in link printed on a building's entrance, a pickup code shown at the counter).
/// Built here rather than fetched: GridHub references no URL outside itself, and a printed sheet must
/// not depend on a third party.
public struct QRCode: Sendable, Hashable {
    /// Modules, row by row; true is dark.
    public let modules: [[Bool]]
    public let version: Int
    public var size: Int { modules.count }

    /// Data codewords of each block, and EC codewords per block, at level M.
    static let blocks: [(groups: [(count: Int, data: Int)], ec: Int)] = [
        ([(1, 16)], 10), ([(1, 28)], 16), ([(1, 44)], 26), ([(2, 32)], 18), ([(2, 43)], 24),
        ([(4, 27)], 16), ([(4, 31)], 18), ([(2, 38), (2, 39)], 22), ([(3, 36), (2, 37)], 22), ([(4, 43), (1, 44)], 26),
    ]
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    /// The code for `text` (UTF-8) in the smallest version that holds it; nil when it is too long.
    public init?(_ text: String, mask: Int = 0) {
        let bytes = Array(text.utf8)
        guard (0...7).contains(mask),
            let version = Self.blocks.indices.first(where: { Self.capacity($0 + 1) >= bytes.count }).map({ $0 + 1 })
        else { return nil }
        self.version = version
        var grid = Grid(version: version)
        grid.place(Self.codewords(bytes, version: version), mask: mask)
        grid.format(mask: mask)
        grid.versionInfo()
        modules = grid.dark
    }

    /// Bytes that fit: data codewords less the 4-bit mode and the 8- or 16-bit count.
    static func capacity(_ version: Int) -> Int {
        let data = blocks[version - 1].groups.reduce(0) { $0 + $1.count * $1.data }
        return data - (version < 10 ? 2 : 3)
    }

    /// Data and error-correction codewords, interleaved.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let layout = blocks[version - 1]
        let dataCount = layout.groups.reduce(0) { $0 + $1.count * $1.data }
        var bits = [Bool]()
        func put(_ value: Int, _ width: Int) { for i in (0..<width).reversed() { bits.append((value >> i) & 1 == 1) } }
        put(0b0100, 4)
        put(bytes.count, version < 10 ? 8 : 16)
        for b in bytes { put(Int(b), 8) }
        put(0, min(4, dataCount * 8 - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var data = stride(from: 0, to: bits.count, by: 8).map { i in
            bits[i..<i + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while data.count < dataCount {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        var dataBlocks = [[UInt8]]()
        var offset = 0
        for group in layout.groups {
            for _ in 0..<group.count {
                dataBlocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, degree: layout.ec) }
        var out = [UInt8]()
        for i in 0..<(dataBlocks.map(\.count).max() ?? 0) { for b in dataBlocks where i < b.count { out.append(b[i]) } }
        for i in 0..<layout.ec { for b in ecBlocks { out.append(b[i]) } }
        return out
    }

    /// The code as SVG: one path of unit squares, a four-module quiet zone, `scale` pixels a module.
    public func svg(scale: Int = 4) -> String {
        let quiet = 4
        let side = size + 2 * quiet
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + quiet) \(y + quiet)h1v1h-1z" }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * scale)" \
            height="\(side * scale)" shape-rendering="crispEdges"><rect width="\(side)" height="\(side)" fill="#fff"/>\
            <path d="\(path)" fill="#000"/></svg>
            """
    }

    /// The matrix while it is built: which modules are dark, and which are reserved for patterns.
    struct Grid {
        var dark: [[Bool]]
        var reserved: [[Bool]]
        let version: Int
        var size: Int { dark.count }

        init(version: Int) {
            self.version = version
            let n = 17 + 4 * version
            dark = Array(repeating: Array(repeating: false, count: n), count: n)
            reserved = dark
            for (r, c) in [(0, 0), (0, n - 7), (n - 7, 0)] { finder(r, c) }
            for i in 8..<(n - 8) {
                set(6, i, i % 2 == 0)
                set(i, 6, i % 2 == 0)
            }
            let centres = QRCode.alignment[version - 1]
            for r in centres {
                for c in centres {
                    let corner = (r == 6 && c == 6) || (r == 6 && c == centres.last) || (r == centres.last && c == 6)
                    if !corner { align(r, c) }  // the three corners hold finders
                }
            }
            set(n - 8, 8, true)  // the dark module
            for i in 0..<9 {  // format areas
                reserve(8, i)
                reserve(i, 8)
            }
            for i in 0..<8 {
                reserve(8, n - 1 - i)
                reserve(n - 1 - i, 8)
            }
            if version >= 7 {
                for i in 0..<6 {
                    for j in 0..<3 {
                        reserve(i, n - 11 + j)
                        reserve(n - 11 + j, i)
                    }
                }
            }
        }

        mutating func set(_ r: Int, _ c: Int, _ value: Bool) {
            dark[r][c] = value
            reserved[r][c] = true
        }

        mutating func reserve(_ r: Int, _ c: Int) { reserved[r][c] = true }

        mutating func finder(_ r0: Int, _ c0: Int) {
            for r in -1...7 {
                for c in -1...7 {
                    let (r1, c1) = (r0 + r, c0 + c)
                    guard (0..<size).contains(r1), (0..<size).contains(c1) else { continue }
                    let ring = max(abs(r - 3), abs(c - 3))
                    set(r1, c1, ring != 2 && ring != 4)
                }
            }
        }

        mutating func align(_ r0: Int, _ c0: Int) {
            for r in -2...2 {
                for c in -2...2 { set(r0 + r, c0 + c, max(abs(r), abs(c)) != 1) }
            }
        }

        /// The zig-zag from the bottom right, two columns at a time, skipping the timing column.
        mutating func place(_ codewords: [UInt8], mask: Int) {
            let bits: [Bool] = codewords.flatMap { b -> [Bool] in (0..<8).reversed().map { (b >> $0) & 1 == 1 } }
            var i = 0
            var upward = true
            var right = size - 1
            while right > 0 {
                if right == 6 { right -= 1 }
                for step in 0..<size {
                    let r = upward ? size - 1 - step : step
                    for c in [right, right - 1] where !reserved[r][c] {
                        let bit = i < bits.count ? bits[i] : false
                        i += 1
                        dark[r][c] = bit != Self.masked(mask, r, c)
                    }
                }
                upward.toggle()
                right -= 2
            }
        }

        static func masked(_ mask: Int, _ r: Int, _ c: Int) -> Bool {
            switch mask {
            case 0: (r + c) % 2 == 0
            case 1: r % 2 == 0
            case 2: c % 3 == 0
            case 3: (r + c) % 3 == 0
            case 4: (r / 2 + c / 3) % 2 == 0
            case 5: (r * c) % 2 + (r * c) % 3 == 0
            case 6: ((r * c) % 2 + (r * c) % 3) % 2 == 0
            default: ((r + c) % 2 + (r * c) % 3) % 2 == 0
            }
        }

        /// Level M (00) and the mask, BCH(15,5), XOR 0x5412, in both copies (bit 0 is the least significant).
        mutating func format(mask: Int) {
            let data = (0b00 << 3) | mask
            let bits = (data << 10 | Self.bch(data, generator: 0x537, degree: 10)) ^ 0x5412
            let bit = { (i: Int) in (bits >> i) & 1 == 1 }
            let n = size
            for i in 0...5 { dark[i][8] = bit(i) }
            dark[7][8] = bit(6)
            dark[8][8] = bit(7)
            dark[8][7] = bit(8)
            for i in 9..<15 { dark[8][14 - i] = bit(i) }
            for i in 0..<8 { dark[8][n - 1 - i] = bit(i) }
            for i in 8..<15 { dark[n - 15 + i][8] = bit(i) }
        }

        /// Versions 7 and up carry their number, BCH(18,6), in two 6 × 3 blocks.
        mutating func versionInfo() {
            guard version >= 7 else { return }
            let bits = version << 12 | Self.bch(version, generator: 0x1F25, degree: 12)
            let n = size
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let (a, b) = (i / 3, n - 11 + i % 3)
                self.dark[a][b] = dark
                self.dark[b][a] = dark
            }
        }

        /// The remainder of `value` · x^degree divided by `generator` over GF(2).
        static func bch(_ value: Int, generator: Int, degree: Int) -> Int {
            var v = value << degree
            for shift in stride(from: Int.bitWidth - 1 - v.leadingZeroBitCount - degree, through: 0, by: -1)
            where (v >> (shift + degree)) & 1 == 1 {
                v ^= generator << shift
            }
            return v
        }
    }
}

/// Reed–Solomon over GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static let (exp, log): ([UInt8], [Int]) = {
        var exp = [UInt8](repeating: 0, count: 512)
        var log = [Int](repeating: 0, count: 256)
        var x = 1
        for i in 0..<255 {
            exp[i] = UInt8(x)
            log[x] = i
            x <<= 1
            if x & 0x100 != 0 { x ^= 0x11D }
        }
        for i in 255..<512 { exp[i] = exp[i - 255] }
        return (exp, log)
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
    }

    /// The generator polynomial of `degree`, highest power first (its leading 1 left out).
    static func generator(_ degree: Int) -> [UInt8] {
        var g: [UInt8] = [1]
        for i in 0..<degree {
            var next = [UInt8](repeating: 0, count: g.count + 1)
            for (j, c) in g.enumerated() {
                next[j] ^= c
                next[j + 1] ^= multiply(c, exp[i])
            }
            g = next
        }
        return Array(g.dropFirst())
    }

    /// The EC codewords: the data polynomial times x^degree, modulo the generator.
    static func remainder(_ data: [UInt8], degree: Int) -> [UInt8] {
        let g = generator(degree)
        var r = [UInt8](repeating: 0, count: degree)
        for d in data {
            let factor = d ^ r[0]
            r.removeFirst()
            r.append(0)
            for i in 0..<degree { r[i] ^= multiply(g[i], factor) }
        }
        return r
    }
}
