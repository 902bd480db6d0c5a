import Foundation
import GridHubCore
import NIOConcurrencyHelpers

/// Access tokens already verified, with their principal and expiry: a client sends the same token
/// with every request for a quarter of an hour, and checking its signature and decoding its claims
/// again each time was a measurable share of a read. A token is the same principal until it expires
/// (access tokens are never revoked; a sign-out revokes the refresh token), so the answer is the one
/// ``TokenService/verify(_:now:)`` would give.
final class VerifiedTokens: Sendable {
    private struct Entry {
        var principal: Principal
        var expires: Date
    }

    /// More live tokens than this and the cache starts again: memory stays bounded whatever the traffic.
    static let limit = 20_000

    private let entries = NIOLockedValueBox([String: Entry]())

    func principal(of token: String, now: Date) -> Principal? {
        entries.withLockedValue { entries in
            guard let entry = entries[token] else { return nil }
            guard now < entry.expires else {
                entries[token] = nil
                return nil
            }
            return entry.principal
        }
    }

    func remember(_ token: String, as principal: Principal, until expires: Date) {
        entries.withLockedValue { entries in
            if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(principal: principal, expires: expires)
        }
    }
}
