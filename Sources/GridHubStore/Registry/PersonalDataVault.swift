import Crypto
import Foundation
import GridHubCore
import NIOConcurrencyHelpers
import SQLKit

/// Seals personal data (ID numbers, phones) before it reaches a table, and finds it again by a blind
/// index. Each database has data keys (`data_keys`), stored only wrapped by the ``MasterKey``: the
/// active sealing key (`seal-N`, rotated by `gridhub keys rotate`) and one index key. A sealed value
/// is `seal-N:` + AES-256-GCM (nonce, text, tag) in base64, bound to its field, so a phone cannot be
/// passed off as an ID number. The blind index is HMAC-SHA256 of the normalised value, so equal
/// values are found by equality without the value being stored.
public final class PersonalDataVault: Sendable {
    let master: MasterKey
    private let state: NIOLockedValueBox<Keys>

    struct Keys {
        var sealing: [String: SymmetricKey]
        var active: String
        var index: SymmetricKey
    }

    init(master: MasterKey, keys: Keys) {
        self.master = master
        self.state = NIOLockedValueBox(keys)
    }

    /// The database's keys, unwrapped; the first sealing and index keys are made when there are none.
    public static func open(_ database: any Database, master: MasterKey, now: Date = Date()) async throws -> PersonalDataVault {
        let keys = try await database.write { sql in
            for id in ["seal-1", "index-1"] {
                let wrapped = try wrap(SymmetricKey(size: .bits256), id: id, master: master)
                try await sql.insert(into: "data_keys").columns("name", "wrapped", "master_id", "created_at", "retired_at")
                    .values(SQLBind(id), SQLBind(wrapped), SQLBind(master.id), SQLBind(StoredTime.millis(now)), SQLLiteral.null)
                    .ignoringConflicts(with: ["name"]).run()
            }
            return try await load(sql, master: master)
        }
        return PersonalDataVault(master: master, keys: keys)
    }

    static func load(_ sql: any SQLDatabase, master: MasterKey) async throws -> Keys {
        let rows = try await sql.select().columns("name", "wrapped", "master_id", "retired_at").from("data_keys").all()
        var sealing: [String: SymmetricKey] = [:]
        var active: (n: Int, id: String)?
        var index: SymmetricKey?
        for row in rows {
            let id = try row.decode(column: "name", as: String.self)
            let masterID = try row.decode(column: "master_id", as: String.self)
            guard masterID == master.id else {
                throw GridHubError(
                    .unavailable, "wrong_master_key",
                    "The database's data keys were wrapped by master key \(masterID), not by this one (\(master.id)): "
                        + "set GRIDHUB_MASTER_KEY or restore master.key to the data folder.")
            }
            let key = try unwrap(try row.decode(column: "wrapped", as: String.self), id: id, master: master)
            if id.hasPrefix("index-") {
                index = key
            } else if let n = Int(id.dropFirst("seal-".count)) {
                sealing[id] = key
                if try row.decodeNil(column: "retired_at"), n > active?.n ?? 0 { active = (n, id) }
            }
        }
        guard let active, let index else {
            throw GridHubError(.unavailable, "no_data_key", "The database has no active data key.")
        }
        return Keys(sealing: sealing, active: active.id, index: index)
    }

    static func wrap(_ key: SymmetricKey, id: String, master: MasterKey) throws -> String {
        let bytes = key.withUnsafeBytes { Data($0) }
        guard let combined = try AES.GCM.seal(bytes, using: master.key, authenticating: Data(id.utf8)).combined else {
            throw GridHubError(.unavailable, "seal_failed", "A data key could not be wrapped.")
        }
        return combined.base64EncodedString()
    }

    static func unwrap(_ text: String, id: String, master: MasterKey) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text),
            let bytes = try? AES.GCM.open(AES.GCM.SealedBox(combined: data), using: master.key, authenticating: Data(id.utf8))
        else {
            throw GridHubError(.unavailable, "wrong_master_key", "Data key \(id) does not open with this master key.")
        }
        return SymmetricKey(data: bytes)
    }

    func replace(_ keys: Keys) {
        state.withLockedValue { $0 = keys }
    }

    /// The key new values are sealed with.
    public var activeKeyID: String { state.withLockedValue { $0.active } }

    /// `seal-N:` and the sealed value.
    public func seal(_ text: String, field: String) throws -> String {
        let (id, key) = state.withLockedValue { ($0.active, $0.sealing[$0.active]) }
        guard let key, let combined = try AES.GCM.seal(Data(text.utf8), using: key, authenticating: Data(field.utf8)).combined
        else { throw GridHubError(.unavailable, "seal_failed", "A value could not be sealed.") }
        return id + ":" + combined.base64EncodedString()
    }

    /// The value a ``seal(_:field:)`` made. A key made since this vault was opened (another instance
    /// rotated) is loaded from `sql` when given.
    public func open(_ sealed: String, field: String, reloadingFrom sql: (any SQLDatabase)? = nil) async throws -> String {
        let parts = sealed.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { throw Self.damaged }
        let id = String(parts[0])
        var key = state.withLockedValue { $0.sealing[id] }
        if key == nil, let sql {
            let keys = try await Self.load(sql, master: master)
            state.withLockedValue { $0 = keys }
            key = keys.sealing[id]
        }
        guard let key, let data = Data(base64Encoded: String(parts[1])),
            let plain = try? AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key, authenticating: Data(field.utf8))
        else { throw Self.damaged }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The blind index of a normalised value: the first 16 bytes of its HMAC, in hex.
    public func index(_ value: String, field: String) -> String {
        let key = state.withLockedValue { $0.index }
        let mac = HMAC<SHA256>.authenticationCode(for: Data((field + "\u{1F}" + value).utf8), using: key)
        return Array(mac).prefix(16).hexString
    }

    /// Whether a sealed value was sealed with a key other than the active one (rotation re-seals it).
    public func isStale(_ sealed: String) -> Bool {
        !sealed.hasPrefix(activeKeyID + ":")
    }

    static let damaged = GridHubError(.unavailable, "sealed_value_damaged", "A sealed value could not be opened.")
}
