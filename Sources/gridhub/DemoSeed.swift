import Foundation
import GridHubDemo
import GridHubServer

extension DataSeed {
    /// The demo street (永昌街道) with 90 days of history up to `today`, into an empty data folder.
    static func demoStreet(today: Date = Date()) -> DataSeed {
        DataSeed { database, photos, vault, logger in
            try await DemoSeeder(database: database, photos: photos, vault: vault).seedIfEmpty(today: today, logger: logger)?
                .description
        }
    }
}
