import Foundation

/// Who is told what after a case event: the reporter's loop (受理、派遣、处置、办结), the grid worker's
/// new report, the department's dispatch or whistle summons, and supervision (督办) notices. The one
/// rule behind notifications and client apps' webhooks.
public enum CaseNotices {
    public enum Audience: Hashable, Sendable {
        /// Everyone who reported the case (accounts and anonymous devices, each through their app).
        case reporters
        case recipient(Recipient)
    }

    public struct Notice: Hashable, Sendable {
        public var audience: Audience
        /// `accept`, `dispatch`, `new_report`, `summons`, `supervision` …
        public var kind: String
        public var message: String
    }

    /// The notices one event sends.
    public static func plan(_ f: CaseChange, streetID: Int64) -> [Notice] {
        var notices = [Notice]()
        func tell(_ recipients: [Recipient], _ kind: String, _ message: String) {
            notices += recipients.map { Notice(audience: .recipient($0), kind: kind, message: message) }
        }
        if let (kind, message) = toReporters(f) { notices.append(Notice(audience: .reporters, kind: kind, message: message)) }
        let n = f.trackingNumber
        switch f.entry {
        case .reported:
            tell([.role(.gridWorker, in: .grid(f.gridID))], "new_report", "新上报：工单 \(n) 在您的网格，请尽快核实。")
        case .dispatch:
            tell(f.party(streetID: streetID), "dispatch", "派遣：工单 \(n) 已派给你单位处置\(until(f.dueAt, "办结"))。")
        case .whistle:
            for department in f.summoned {
                tell(Recipient.staff(ofDepartment: department), "summons", "吹哨报到：工单 \(n) 召集你单位\(until(f.reportInDue, "报到"))。")
            }
        case .overdue:
            tell(f.party(streetID: streetID), "supervision", "督办：工单 \(n) 已超过处置时限，请尽快处置。")
        case .escalated:
            tell([.role(.leader, in: .street(streetID))], "escalation", "提级督办：工单 \(n) 超期两倍时限仍未办结。")
        default:
            break
        }
        return notices
    }

    /// What the reporters hear, as (kind, message), or nil when the entry is internal.
    static func toReporters(_ f: CaseChange) -> (String, String)? {
        let n = f.trackingNumber
        return switch f.entry {
        case .accept: ("accept", "您上报的问题（\(n)）已立案，正在安排处置。")
        case .reject: ("reject", "您上报的问题（\(n)）经核实不予立案，详情见处理记录。")
        case .dispatch, .whistle: (f.entry.rawValue, "您上报的问题（\(n)）已派遣给责任单位处置。")
        case .handle: ("handle", "您上报的问题（\(n)）已处置完毕，等待网格员核查。")
        case .partDone where f.to == .handled: ("handle", "您上报的问题（\(n)）已处置完毕，等待网格员核查。")
        case .close, .selfHandle: (f.entry.rawValue, "您上报的问题（\(n)）已办结，欢迎评价处理结果。")
        case .merge: ("merge", "您上报的问题（\(n)）与工单 \(f.mergedInto ?? "") 为同一问题，已合并处理。")
        default: nil
        }
    }

    /// "，请在 12月3日 17:30 前办结", or nothing without a time.
    static func until(_ date: Date?, _ verb: String) -> String {
        guard let date else { return "" }
        return "，请在 \(date.formatted(shanghaiDayAndTime)) 前\(verb)"
    }

    static let shanghaiDayAndTime: Date.VerbatimFormatStyle = Date.VerbatimFormatStyle(
        format:
            "\(month: .defaultDigits)月\(day: .defaultDigits)日 \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
        timeZone: TrackingNumber.timeZone, calendar: Calendar(identifier: .gregorian))
}
