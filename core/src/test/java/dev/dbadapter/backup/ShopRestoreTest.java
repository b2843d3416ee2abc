package dev.dbadapter.backup;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the restore tests over the {@link ShopSchema} tables share: the tables created afresh before
 * each test, and backup files written into a folder of the test's own.
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
}
