import GRDB

/// The schema's history, oldest first. A new migration is a new numbered file, appended here.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(Migration0001Initial.name, migrate: Migration0001Initial.migrate)
        migrator.registerMigration(Migration0002Workflows.name, migrate: Migration0002Workflows.migrate)
        migrator.registerMigration(Migration0003FrameAttemptBase.name, migrate: Migration0003FrameAttemptBase.migrate)
        return migrator
    }
}
