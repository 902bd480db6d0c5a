import Foundation

/// The screens' templates, scripts and style, compiled into the binary: one file to deploy, and no
/// URL outside GridHub is ever referenced.
enum ScreenAssets {
    static let templates: [String: [UInt8]] = [
        "layout": PackageResources.layout_mustache, "login": PackageResources.login_mustache,
        "home": PackageResources.home_mustache, "centre": PackageResources.centre_mustache,
        "case": PackageResources.case_mustache, "work": PackageResources.work_mustache,
        "report": PackageResources.report_mustache, "patrol": PackageResources.patrol_mustache,
        "codes": PackageResources.codes_mustache, "registry": PackageResources.registry_mustache,
        "canteen": PackageResources.canteen_mustache, "points": PackageResources.points_mustache,
        "topics": PackageResources.topics_mustache, "topic": PackageResources.topic_mustache,
        "minutes": PackageResources.minutes_mustache, "resolutions": PackageResources.resolutions_mustache,
        "evaluation": PackageResources.evaluation_mustache,
    ]

    /// Served under `/static/`.
    static let files: [String: (bytes: [UInt8], type: String)] = [
        "app.css": (PackageResources.app_css, "text/css; charset=utf-8"),
        "app.js": (PackageResources.app_js, js), "map.js": (PackageResources.map_js, js),
        "home.js": (PackageResources.home_js, js), "login.js": (PackageResources.login_js, js),
        "centre.js": (PackageResources.centre_js, js), "case.js": (PackageResources.case_js, js),
        "report.js": (PackageResources.report_js, js), "work.js": (PackageResources.work_js, js),
        "patrol.js": (PackageResources.patrol_js, js), "patrols.js": (PackageResources.patrols_js, js),
        "codes.js": (PackageResources.codes_js, js), "registry.js": (PackageResources.registry_js, js),
        "canteen.js": (PackageResources.canteen_js, js), "points.js": (PackageResources.points_js, js),
        "topics.js": (PackageResources.topics_js, js), "topic.js": (PackageResources.topic_js, js),
        "minutes.js": (PackageResources.minutes_js, js), "resolutions.js": (PackageResources.resolutions_js, js),
        "evaluation.js": (PackageResources.evaluation_js, js),
    ]

    static let js = "text/javascript; charset=utf-8"
}
