import Foundation
import GridHubCore
import GridHubStore
import Hummingbird
import HummingbirdBcrypt
import NIOPosix

/// Points (积分): one's own balance and statement, and for the street its rules, ledger, month and
/// corrections.
struct PointsController {
    let points: PointsStore
    let relay: EventRelay
    let claims: RiderClaims
    let devices: DeviceStore

    func addRoutes(to group: some RouterMethods<AppRequestContext>) {
        group.get("me/points", use: mine)
        group.get("me/points/statement", use: statement)
        group.get("points/rules", use: rules)
        group.put("points/rules", use: setRules)
        group.get("points/ledger", use: ledger)
        group.get("points/month", use: month)
        group.post("points/adjust", use: adjust)
        group.post("points/claim/start", use: startClaim)
        group.post("points/claim/finish", use: finishClaim)
    }

    /// `month` YYYY-MM, default this month.
    static func month(_ request: Request) throws -> CivilMonth {
        guard let raw: String = try request.query("month") else { return CivilMonth(Date()) }
        guard let month = CivilMonth(text: raw) else {
            throw GridHubError(.unprocessable, "invalid_month", "'month' is YYYY-MM, from 2000 to 2100.")
        }
        return month
    }

    /// Signed in: one's own points. Anonymous with `device_id` and its `Device-Token`: the device's.
    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PointsSummary> {
        let limit = try PageWindow.whole(try request.query("limit"), "limit", in: 1...200) ?? 50
        _ = try DeviceProof.given(request)  // well-formed when given, signed in or not
        try await relay.catchUp()  // what was just verified or rated shows at once
        guard let principal = context.principal else {
            let device = try await DeviceProof(devices: devices).device(of: request)
            return JSONResponse(try await points.summary(device: device, limit: limit))
        }
        return JSONResponse(try await points.summary(by: principal, limit: limit))
    }

    struct StartBody: Decodable {
        var phone: String
    }

    /// A rider's device (`device_id` and its `Device-Token`) asks for a code to its rider's phone.
    @Sendable func startClaim(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<RiderClaims.Started> {
        let device = try await DeviceProof(devices: devices).device(of: request)
        let b = try await request.decode(as: StartBody.self, context: context)
        return JSONResponse(try await claims.start(device: device, phone: b.phone), status: .created)
    }

    struct FinishBody: Decodable {
        var phone: String
        var code: String
        var password: String
        var displayName: String?
    }

    /// With the code: the rider's account (username: the phone), the device linked, its points moved.
    @Sendable func finishClaim(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<RiderClaims.Claimed> {
        let device = try await DeviceProof(devices: devices).device(of: request)
        let b = try await request.decode(as: FinishBody.self, context: context)
        try LoginPolicy.validateNewPassword(b.password)
        try await relay.catchUp()  // everything the device earned is on the ledger before it moves
        return JSONResponse(
            try await claims.finish(
                device: device, phone: b.phone, code: b.code, displayName: b.displayName,
                passwordHash: try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(b.password, cost: 10) }))
    }

    @Sendable func statement(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PointsStatement> {
        let principal = try context.requirePrincipal()
        try await relay.catchUp()
        return JSONResponse(try await points.statement(month: try Self.month(request), by: principal))
    }

    @Sendable func rules(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PointsRules> {
        JSONResponse(try await points.rules(by: try context.requirePrincipal()))
    }

    @Sendable func setRules(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PointsRules> {
        let principal = try context.requirePrincipal()
        let rules = try await request.decode(as: PointsRules.self, context: context)
        return JSONResponse(try await points.setRules(rules, by: principal))
    }

    /// `holder` (account:<id>, device:<id>, budget, shop), `month`, `before` (an entry id) and `limit`.
    @Sendable func ledger(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<[LedgerEntry]> {
        let principal = try context.requirePrincipal()
        let holder: String? = try request.query("holder")
        if let holder, PointsHolder(key: holder) == nil {
            throw GridHubError(.unprocessable, "invalid_holder", "'holder' is account:<id>, device:<id>, budget, shop or mint.")
        }
        let month: CivilMonth? = try request.query("month", as: String.self) == nil ? nil : try Self.month(request)
        return JSONResponse(
            try await points.ledger(
                holder: holder, month: month, before: try RegistryController.id(request, "before"),
                limit: try PageWindow.whole(try request.query("limit"), "limit", in: 1...500) ?? 100, by: principal))
    }

    @Sendable func month(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PointsMonth> {
        let principal = try context.requirePrincipal()
        try await relay.catchUp()
        return JSONResponse(try await points.month(try Self.month(request), by: principal))
    }

    struct AdjustBody: Decodable {
        var holder: String
        var amount: Int
        var reason: String
    }

    @Sendable func adjust(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<PointsBalance> {
        let principal = try context.requirePrincipal()
        let b = try await request.decode(as: AdjustBody.self, context: context)
        return JSONResponse(try await points.adjust(holder: b.holder, amount: b.amount, reason: b.reason, by: principal))
    }
}
