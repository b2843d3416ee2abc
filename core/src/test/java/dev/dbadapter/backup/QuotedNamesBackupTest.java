package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names that need quoting are folded once, when the backup schema is loaded, and every later use
 * takes them as stored; a file whose table is not an array fails at once, with no COPY left open.
 */
class QuotedNamesBackupTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final String SCHEMA_JSON = """
            {"tables": [
              {"name": "\\"Shop Groups\\"", "pk": "\\"Group Id\\"", "slug_field": "\\"with space\\"",
               "user_field": "\\"Owner\\""},
              {"name": "\\"Shop Items\\"", "pk": "id", "slug_field": "\\"with space\\"", "user_field": "\\"Owner\\"",
               "parent": {"table": "\\"Shop Groups\\"", "field": "\\"Group Ref\\""},
               "optional_refs": [{"table": "\\"Shop Groups\\"", "field": "\\"Also Ref\\""}]}
            ]}""";

    @TempDir
    Path dir;

    @BeforeEach
    void tables() {
        db.sql("""
                DROP TABLE IF EXISTS "Shop Items", "Shop Groups", canary;
                CREATE TABLE "Shop Groups" ("Group Id" serial PRIMARY KEY, "with space" text NOT NULL, "Owner" text NOT NULL,
                    UNIQUE ("Owner", "with space"));
                CREATE TABLE "Shop Items" (id serial PRIMARY KEY, "with space" text NOT NULL, "Owner" text NOT NULL,
                    "Group Ref" int NOT NULL REFERENCES "Shop Groups", "Also Ref" int REFERENCES "Shop Groups");
                INSERT INTO "Shop Groups" ("with space", "Owner") VALUES ('g1', 'u1'), ('g2', 'u1');
                INSERT INTO "Shop Items" ("with space", "Owner", "Group Ref", "Also Ref")
                VALUES ('i1', 'u1', 1, 2), ('i2', 'u1', 2, NULL);
                CREATE TABLE canary (x int);
                """);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void quotedTableAndColumnNamesBackUpValidateAndRestore(Route route) throws Exception {
        BackupSchema schema = BackupSchema.parse(SCHEMA_JSON, "backup-schema.json");
        assertThat(schema.tables().get(1).slugField()).isEqualTo("with space");
        assertThat(schema.tables().get(1).parent().field()).isEqualTo("Group Ref");

        Path file = dir.resolve("quoted.json");
        Backups.backup(route.client(db), schema, "u1", file, null, null).join();
        assertThat(Backups.validateBackup(file, schema).errors()).isEmpty();

        RestoreResult result = Backups.restore(route.client(db), schema, file, "u2", RestoreMode.SKIP, false).join();
        assertThat(result.tables().get("\"Shop Groups\"").inserted()).isEqualTo(2);
        assertThat(result.tables().get("\"Shop Items\"").inserted()).isEqualTo(2);
        assertThat(db.query("""
                SELECT i."with space" AS item, g."with space" AS parent, a."with space" AS also
                FROM "Shop Items" i JOIN "Shop Groups" g ON g."Group Id" = i."Group Ref"
                LEFT JOIN "Shop Groups" a ON a."Group Id" = i."Also Ref"
                WHERE i."Owner" = 'u2' ORDER BY 1""").toString())
                .isEqualTo("[{item=i1, parent=g1, also=g2}, {item=i2, parent=g2, also=null}]");
        assertThat(db.scalar("SELECT count(*) FROM \"Shop Groups\" WHERE \"Owner\" = 'u2'")).isEqualTo(2L);
    }

    @Test
    void aCopyOfATableDefinitionIsTheSameDefinition() {
        TableDef table = TableDef.of("\"Shop Items\"").withColumns("\"Id\"", "\"with space\"", "Owner");
        TableDef copy = table.withOptionalRefs(ForeignKey.of("\"Shop Groups\"", "\"Also Ref\""));
        assertThat(copy.pk()).isEqualTo("Id");
        assertThat(copy.slugField()).isEqualTo("with space");
        assertThat(copy.userField()).isEqualTo("owner");
        assertThat(copy.withColumns(null, null, null).pk()).isEqualTo(TableDef.DEFAULT_PK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x\"", "{}", "42", "null"})
    void aTableThatIsNotAnArrayFailsAtOnceAndLeavesNoSessionInCopy(String value) throws Exception {
        BackupSchema schema = BackupSchema.parse(SCHEMA_JSON, "backup-schema.json");
        Path file = Files.writeString(dir.resolve("bad.json"), """
                {"metadata": {"version": "1.1", "backup_type": "full", "user_id": "u1", "created_at": "2026-01-01T00:00:00"},
                 "\\"Shop Groups\\"": %s,
                 "\\"Shop Items\\"": [{"id": 1, "with space": "i9", "Owner": "u1", "Group Ref": 1}]}
                """.formatted(value));
        assertThat(Backups.validateBackup(file, schema).errors())
                .anyMatch(error -> error.contains("must be a JSON array of rows"));
        Throwable error = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Assertions.catchThrowable(
                () -> Backups.restore(db.adapter(), schema, file, "u2", RestoreMode.SKIP, false).join()));
        assertThat(error).isInstanceOf(CompletionException.class).cause().isInstanceOf(BackupException.class)
                .hasMessageContaining("must be a JSON array of rows");
        assertThat(db.scalar("SELECT count(*) FROM \"Shop Items\" WHERE \"Owner\" = 'u2'")).isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND (state = 'idle in transaction' OR query ILIKE 'COPY%') AND pid <> pg_backend_pid()")).isEqualTo(0L);
    }
}
