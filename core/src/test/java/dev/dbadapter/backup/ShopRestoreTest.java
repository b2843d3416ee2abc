package dev.dbadapter.backup;

import dev.dbadapter.backup.internal.RestoreEngine;
import dev.dbadapter.backup.internal.RowSource;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the restore tests over the {@link ShopSchema} tables share: the tables created afresh before
 * each test, backup files written into a folder of the test's own, and a restore engine run in a
 * transaction of its own.
 */
abstract class ShopRestoreTest {
    @TempDir
    Path dir;

    /** Returns the database the test class registered. */
    abstract PgDatabaseExtension database();

    @BeforeEach
    void createTables() {
        database().sql(ShopSchema.TABLES);
    }

    /** Writes {@code text} as a new backup file and returns its path. */
    Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("backup-" + System.nanoTime() + ".json"), text);
    }

    /** Setup SQL or restores that may throw. */
    @FunctionalInterface
    interface SqlSetup {
        void run() throws Exception;
    }

    /**
     * Runs {@code engine} over {@code rows} on a connection of the database, in one transaction that
     * is committed (rolled back for a {@code dryRun}), and returns the result as text, or
     * {@code error: } with the message and errors of the {@link BackupException} it threw.
     */
    String runEngine(RestoreEngine engine, RowSource rows, boolean dryRun) throws SQLException {
        try (Connection connection = database().connection()) {
            connection.setAutoCommit(false);
            try {
                String result = engine.run(connection, rows).toString();
                if (dryRun) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return result;
            } catch (BackupException e) {
                connection.rollback();
                return "error: " + e.getMessage() + " / " + e.errors();
            }
        }
    }
}
