import Foundation

/// Who the client is when GridHub sits behind a proxy. `X-Forwarded-For` is believed only from the
/// proxies an operator named (`--trusted-proxy`); anyone else could write any address into it.
public enum ForwardedFor {
    /// The peer, unless it is a trusted proxy: then the right-most address in the header that is not
    /// itself a trusted proxy (each proxy appends the address it saw).
    public static func client(peer: String?, header: String?, trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer), let header else { return peer }
        let hops = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? hops.first ?? peer
    }
}
