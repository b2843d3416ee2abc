package dev.dbadapter.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.Page;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.schema.SchemaFile;
import dev.dbadapter.schema.SchemaFixer;
import dev.dbadapter.testing.DataSnapshot;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import dev.dbadapter.testing.ReliabilityFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile name through every entry point of the library that takes names: each adapter method,
 * the backup schema's JSON, the column-definition keys and {@code schema.sql}. Each is refused with
 * a clear error or used correctly as the identifier it is; none reaches the database as SQL.
 */
@Reliability
class HostileIdentifiersTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    @BeforeAll
    static void tables() {
        db.sql("""
                CREATE TABLE items (id serial PRIMARY KEY, slug text, user_id text);
                CREATE TABLE canary (id int PRIMARY KEY);
                INSERT INTO canary VALUES (1), (2);
                INSERT INTO items (slug, user_id) VALUES ('a', 'u1');
                """);
    }

    @Test
    void everyAdapterMethodRefusesOrQuotesEveryHostileName() {
        PostgresAdapter adapter = db.adapter();
        DataSnapshot before = DataSnapshot.of(db);
        List<Function<String, CompletableFuture<?>>> entryPoints = List.of(
                name -> adapter.select(name, "*", Map.of(), null),
                name -> adapter.select("items", name, Map.of(), null),
                name -> adapter.select("items", "*", Map.of(name, "a"), null),
                name -> adapter.select("items", "*", Map.of(), name),
                name -> adapter.selectPage("items", "*", Map.of(), Page.first(name, 10)),
                name -> adapter.count(name, Map.of()),
                name -> adapter.columns(name),
                name -> adapter.insert(name, Map.of("slug", "x")),
                name -> adapter.insert("items", Map.of(name, "x")),
                name -> adapter.insertMany("items", List.of(Map.of(name, "x"))),
                name -> adapter.update(name, Map.of("slug", "x"), Map.of("id", -1)),
                name -> adapter.update("items", Map.of(name, "x"), Map.of("id", -1)),
                name -> adapter.update("items", Map.of("slug", "x"), Map.of(name, -1)),
                name -> adapter.delete(name, Map.of("id", -1)),
                name -> adapter.delete("items", Map.of(name, -1)));
        int tried = 0;
        for (String name : HostileNames.ALL) {
            for (Function<String, CompletableFuture<?>> entryPoint : entryPoints) {
                assertRefusedOrHarmless(() -> entryPoint.apply(name), name);
                tried++;
            }
        }
        ReliabilityFigures.badInputs(tried);
        // names with surrounding whitespace are the plain name: their inserts are correct results
        assertThat(db.scalar("SELECT count(*) FROM items WHERE id > 1 AND slug <> 'x'")).isEqualTo(0L);
        db.sql("DELETE FROM items WHERE id > 1");
        before.assertUnchanged(db);
    }

    @Test
    void hostileNamesInTheBackupSchemaAreRefusedOrQuoted() {
        int tried = 0;
        for (String name : HostileNames.ALL) {
            String json = "{\"tables\": [{\"name\": " + HostileNames.json(name) + ", \"slug_field\": " + HostileNames.json(name)
                    + ", \"parent\": {\"table\": " + HostileNames.json(name) + ", \"field\": " + HostileNames.json(name) + "}}]}";
            assertRefusedOrHarmless(() -> {
                BackupSchema.parse(json, "backup-schema.json");
                return CompletableFuture.completedFuture(null);
            }, name);
            tried++;
        }
        ReliabilityFigures.badInputs(tried);
    }

    @Test
    void hostileColumnDefinitionKeysAndSchemaFileNamesAreRefusedOrQuoted() throws Exception {
        int tried = 0;
        for (String name : HostileNames.ALL) {
            Path defs = dir.resolve("column-defs.json");
            Files.writeString(defs, "{" + HostileNames.json(name + ".col") + ": \"text\", " + HostileNames.json("items." + name)
                    + ": \"text\"}");
            assertRefusedOrHarmless(() -> {
                SchemaFixer.readColumnDefs(defs);
                return CompletableFuture.completedFuture(null);
            }, name);
            for (String sql : List.of("CREATE TABLE " + name + " (id int);", "CREATE TABLE items (" + name + " int);")) {
                assertRefusedOrHarmless(() -> {
                    SchemaFile.parse(sql);
                    return CompletableFuture.completedFuture(null);
                }, name);
            }
            tried += 3;
        }
        ReliabilityFigures.badInputs(tried);
    }

    /**
     * Runs one call with a hostile name: it may be refused at once ({@link IllegalArgumentException} or
     * one of the library's exceptions) or fail in the database with a plain SQL error (a quoted name
     * that names nothing), or succeed; anything else, or a wait, fails.
     */
    private static void assertRefusedOrHarmless(java.util.concurrent.Callable<CompletableFuture<?>> call, String name) {
        String shown = name.replace("\u0000", "\\0");
        CompletableFuture<?> future;
        try {
            future = call.call();
        } catch (IllegalArgumentException | DbAdapterException refused) {
            assertThat(refused.getMessage()).as("a clear message for " + shown).isNotBlank();
            return;
        } catch (Exception unexpected) {
            throw new AssertionError("unexpected " + unexpected + " for " + shown, unexpected);
        }
        try {
            future.get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("the failure for " + shown)
                    .isInstanceOfAny(IllegalArgumentException.class, DatabaseException.class, DbAdapterException.class);
            if (e.getCause() instanceof DatabaseException database) {
                // a missing relation or column, a type mismatch; 0A000 when a filter names the table
                // itself (a whole-row reference, 42883 compared with a number): errors about an identifier,
                // never a syntax error
                assertThat(database.sqlState()).as(shown + ": " + database.getMessage())
                        .isIn("42P01", "42703", "42804", "22P02", "0A000", "42883");
            }
        } catch (Exception e) {
            throw new AssertionError("no clear answer for " + shown, e);
        }
    }
}
