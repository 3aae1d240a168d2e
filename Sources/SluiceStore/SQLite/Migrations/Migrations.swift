import GRDB

/// The schema's history, oldest first. A new migration is a new numbered file, appended here.
enum SQLiteMigrations {
    /// The migrations; those that move message payloads write them to `payloads`.
    static func migrator(payloads: PayloadLog) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(Migration0001Initial.name, migrate: Migration0001Initial.migrate)
        migrator.registerMigration(Migration0002Workflows.name, migrate: Migration0002Workflows.migrate)
        migrator.registerMigration(Migration0003FrameAttemptBase.name, migrate: Migration0003FrameAttemptBase.migrate)
        migrator.registerMigration(Migration0004PayloadLog.name) { db in
            try Migration0004PayloadLog.migrate(db, payloads: payloads)
        }
        migrator.registerMigration(Migration0005NoExpiryIndex.name, migrate: Migration0005NoExpiryIndex.migrate)
        migrator.registerMigration(Migration0006NoPayloadIndex.name, migrate: Migration0006NoPayloadIndex.migrate)
        migrator.registerMigration(Migration0007MessageMoveTasks.name, migrate: Migration0007MessageMoveTasks.migrate)
        migrator.registerMigration(Migration0008Functions.name, migrate: Migration0008Functions.migrate)
        return migrator
    }
}
