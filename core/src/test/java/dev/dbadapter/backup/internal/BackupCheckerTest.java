package dev.dbadapter.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import org.junit.jupiter.api.Test;

/** What {@link BackupChecker} answers to the reader, apart from the messages (those are in BackupValidationTest). */
class BackupCheckerTest {
    private static final BackupSchema SCHEMA = BackupSchema.of(
            TableDef.of("categories"), TableDef.child("products", "categories", "category_id"));

    @Test
    void aTopLevelKeyIsATableOfTheSchemaOrNot() {
        BackupChecker checker = new BackupChecker(SCHEMA, true);
        assertThat(checker.tableIndex("categories")).isZero();
        assertThat(checker.tableIndex("products")).isEqualTo(1);
        assertThat(checker.tableIndex("Products")).isEqualTo(1);
        assertThat(checker.tableIndex("tags")).isEqualTo(-1);
        assertThat(checker.tableIndex("not a name!")).isEqualTo(-1);
        assertThat(checker.tableIndex("metadata")).isEqualTo(-1);
    }

    @Test
    void aTableIsStartedOnce() {
        BackupChecker checker = new BackupChecker(SCHEMA, false);
        assertThat(checker.tableStart(0)).isTrue();
        assertThat(checker.tableStart(0)).isFalse();
        assertThat(checker.tableStart(1)).isTrue();
    }
}
