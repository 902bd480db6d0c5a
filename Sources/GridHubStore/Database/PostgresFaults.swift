import GridHubCore
import NIOCore
import NIOPosix
import PostgresNIO

/// Which PostgreSQL errors mean "the database is not there right now" (restart, failover, full
/// pool): those become a 503 with a retry hint; everything else keeps its meaning.
enum PostgresFaults {
    static let unavailable = GridHubError(
        .unavailable, "database_unavailable", "The database is not reachable just now; please retry shortly.")

    /// SQLSTATE classes and codes of a server going away or refusing work for a while.
    static func isTransient(sqlState: String) -> Bool {
        sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") || sqlState.hasPrefix("53")
            || sqlState == "40001" || sqlState == "40P01"
    }

    static func translate(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else {
            return error is CancellationError ? error : (isConnectionFault(error) ? unavailable : error)
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?"
            if isTransient(sqlState: state) { return unavailable }
            return ServerError(
                sqlState: state, message: error.serverInfo?[.message] ?? "", detail: error.serverInfo?[.detail],
                query: error.query?.sql)
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed,
            .queryCancelled:
            return unavailable
        default:
            return error
        }
    }

    /// A statement the server refused, in its own words (PSQLError hides them from its description).
    struct ServerError: Error, CustomStringConvertible {
        var sqlState: String
        var message: String
        var detail: String?
        var query: String?

        var description: String {
            "PostgreSQL \(sqlState): \(message)" + (detail.map { " (\($0))" } ?? "") + (query.map { " in: \($0)" } ?? "")
        }
    }

    /// NIO socket errors surface without a PSQLError around them when a connection cannot be made.
    static func isConnectionFault(_ error: any Error) -> Bool {
        error is IOError || error is ChannelError || error is NIOConnectionError
    }

    /// The server's own words for a start-up failure.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return String(describing: underlying) }
            return String(describing: error.code)
        }
        return String(describing: error)
    }
}
