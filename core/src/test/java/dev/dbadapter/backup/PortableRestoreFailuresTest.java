package dev.dbadapter.backup;

import static dev.dbadapter.backup.RestoreBehaviourTest.STANDARD;
import static dev.dbadapter.backup.RestoreBehaviourTest.counts;
import static dev.dbadapter.backup.RestoreBehaviourTest.file;
import static dev.dbadapter.backup.RestoreBehaviourTest.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.Provider;
import dev.dbadapter.testing.ForwardingClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Backups#restore} along both {@link Route}s when rows are rejected or the file is bad, and
 * how many calls the batched route makes.
 */
class PortableRestoreFailuresTest extends ShopRestoreTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = ShopSchema.THREE_LEVELS;

    @Override
    PgDatabaseExtension database() {
        return db;
    }

    static String products(int count, int badEvery) {
        StringBuilder products = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            products.append(i == 0 ? "" : ",").append("{\"id\": ").append(1000 + i).append(", \"slug\": \"p").append(i)
                    .append("\", \"price\": ").append(badEvery > 0 && i % badEvery == badEvery - 1 ? "-1" : "2")
                    .append(", \"category_id\": 1, \"user_id\": \"src\"}");
        }
        return products.append(']').toString();
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aRejectedRowIsReportedWithIndexAndOldKeyWhileItsSiblingsAreRestored(Route route) throws Exception {
        Path file = write(STANDARD.replace("\"Meh\"", "\"forbidden\""));
        TableRestoreResult reviews = route.restore(db, SCHEMA, file, RestoreMode.SKIP).tables().get("reviews");
        assertThat(List.of(reviews.inserted(), reviews.failed())).containsExactly(1L, 1L);
        assertThat(reviews.failureDetails()).singleElement().satisfies(failure -> {
            assertThat(failure.rowIndex()).isEqualTo(1);
            assertThat(failure.oldPk()).isEqualTo("101");
            assertThat(failure.error()).startsWith("new row for relation \"reviews\" violates check constraint"
                    + " \"reviews_body_check\" — Failing row contains");
        });
        assertThat(db.scalar("SELECT slug FROM reviews")).isEqualTo("r1");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void childrenOfARejectedRowAreSkippedAndReferencesToItSetToNull(Route route) throws Exception {
        db.sql("ALTER TABLE categories ADD CHECK (name <> 'Bad')");
        Path file = write(STANDARD.replace("\"Garden\"", "\"Bad\""));
        RestoreResult result = route.restore(db, SCHEMA, file, RestoreMode.SKIP);
        assertThat(result.tables().get("categories")).extracting(TableRestoreResult::inserted, TableRestoreResult::failed)
                .containsExactly(1L, 1L);
        assertThat(RestoreBehaviourTest.tally(result.tables().get("products"))).containsExactly(2L, 0L, 0L, 1L, 0L);
        assertThat(RestoreBehaviourTest.tally(result.tables().get("reviews"))).containsExactly(1L, 0L, 0L, 1L, 0L);
        assertThat(db.query("SELECT slug, featured_category_id FROM reviews").toString())
                .isEqualTo("[{slug=r1, featured_category_id=null}]");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aTakenKeyWithPreserveIdsIsReportedAndTheRestRestored(Route route) throws Exception {
        db.sql("INSERT INTO categories (id, slug, user_id) VALUES (1, 'someone-elses', 'u9')");
        RestoreResult result = route.restore(db, SCHEMA, write(STANDARD), "u1", RestoreOptions.DEFAULTS.withPreserveIds(true));
        TableRestoreResult categories = result.tables().get("categories");
        assertThat(List.of(categories.inserted(), categories.failed())).containsExactly(1L, 1L);
        assertThat(categories.failureDetails()).singleElement().satisfies(failure -> {
            assertThat(failure.rowIndex()).isZero();
            assertThat(failure.oldPk()).isEqualTo("1");
            assertThat(failure.error()).contains("categories_pkey").contains("Key (id)=(1) already exists");
        });
        assertThat(RestoreBehaviourTest.tally(result.tables().get("products"))).containsExactly(1L, 0L, 0L, 2L, 0L);
        assertThat(db.scalar("SELECT slug FROM categories WHERE id = 1")).isEqualTo("someone-elses");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void anInvalidFileChangesNothing(Route route) throws Exception {
        db.sql("INSERT INTO categories (slug, user_id) VALUES ('keep', 'u1')");
        String before = ShopSchema.rows(db);
        Path noKey = write(STANDARD.replace("{\"id\": 100, ", "{"));
        Path twice = write(STANDARD.replace("\"id\": 2,", "\"id\": 1,"));

        assertThatThrownBy(() -> route.restore(db, SCHEMA, noKey, RestoreMode.SKIP)).isInstanceOf(BackupException.class)
                .hasMessageContaining("is invalid: reviews[0]: row has no primary key 'id'");
        assertThatThrownBy(() -> route.restore(db, SCHEMA, twice, RestoreMode.SKIP)).isInstanceOfSatisfying(BackupException.class,
                error -> assertThat(error.errors()).containsExactly("Table 'categories' holds primary key 1 2 times"));
        assertThat(ShopSchema.rows(db)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aFileWithItsTablesOutOfOrderRestoresParentsFirst(Route route) throws Exception {
        String reviews = STANDARD.substring(STANDARD.indexOf(", \"reviews\": ") + 2, STANDARD.length() - 1);
        Path file = write("{" + reviews + ", " + STANDARD.substring(1, STANDARD.indexOf(", \"reviews\": ")) + "}");
        RestoreResult result = route.restore(db, SCHEMA, file, RestoreMode.SKIP);
        assertThat(result.tables()).containsExactly(Map.entry("categories", counts(2, 0, 0, 0)),
                Map.entry("products", counts(3, 0, 0, 0)), Map.entry("reviews", counts(2, 0, 0, 0)));
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void fiftyRejectedRowsAmongFiveThousandAreAllReported(Route route) throws Exception {
        Path file = write(file("[{\"id\": 1, \"slug\": \"tools\", \"user_id\": \"src\"}]", products(5000, 100), "[]"));
        TableRestoreResult result = route.restore(db, SCHEMA, file, RestoreMode.SKIP).tables().get("products");
        assertThat(List.of(result.inserted(), result.failed())).containsExactly(4950L, 50L);
        assertThat(result.failureDetails()).extracting(RowFailure::rowIndex)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).map(k -> k * 100 + 99).boxed().toList());
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(4950L);
    }

    @Test
    void theBatchedRouteInsertsInBatchesAndRetriesRowByRowOnlyTheBatchThatFailed() throws Exception {
        // 2,500 products: three batches; one bad row in the second
        Path file = write(file("[{\"id\": 1, \"slug\": \"tools\", \"user_id\": \"src\"}]",
                products(2500, 0).replace("\"id\": 2499, \"slug\": \"p1499\", \"price\": 2", "\"id\": 2499, \"slug\": \"p1499\", \"price\": -1"),
                "[]"));
        ForwardingClient client = new ForwardingClient(db.adapter(), Provider.SUPABASE);

        RestoreResult result = join(Backups.restore(client, SCHEMA, file, "u1", RestoreMode.SKIP, false));

        assertThat(result.tables().get("products")).extracting(TableRestoreResult::inserted, TableRestoreResult::failed)
                .containsExactly(2499L, 1L);
        assertThat(result.tables().get("products").failureDetails()).extracting(RowFailure::rowIndex).containsExactly(1499L);
        assertThat(client.calls("insertMany")).as("categories once, products three times").isEqualTo(4);
        assertThat(client.calls("insert")).as("the rows of the failed batch, one by one").isEqualTo(1000);
        assertThat(client.calls("execute")).isZero();
        assertThat(client.calls("transaction")).isZero();
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(2499L);

        ForwardingClient again = new ForwardingClient(db.adapter(), Provider.SUPABASE);
        RestoreResult second = join(Backups.restore(again, SCHEMA, file, "u1", RestoreMode.SKIP, false));
        assertThat(second.tables().get("products")).extracting(TableRestoreResult::skipped, TableRestoreResult::failed)
                .containsExactly(2499L, 1L);
        assertThat(again.calls("insertMany")).as("only the row still missing").isEqualTo(1);
        assertThat(again.calls("insert")).isEqualTo(1);
        assertThat(again.calls("selectPage")).as("existing rows in pages of 1000, per table").isEqualTo(1 + 3 + 1);
    }

    @Test
    void aRejectedRowInFailModeAbortsAndTheBatchedRouteSaysWhatStays() throws Exception {
        Path file = write(STANDARD.replace("\"Meh\"", "\"forbidden\""));
        assertThatThrownBy(() -> Route.COPY.restore(db, SCHEMA, file, RestoreMode.FAIL)).isInstanceOf(BackupException.class)
                .hasMessageContaining("reviews[1] (pk=101) failed").hasMessageContaining("nothing was restored");
        assertThat(db.scalar("SELECT count(*) FROM categories")).isEqualTo(0L);

        assertThatThrownBy(() -> Route.BATCHED.restore(db, SCHEMA, file, RestoreMode.FAIL)).isInstanceOf(BackupException.class)
                .hasMessageContaining("reviews[1] (pk=101) failed")
                .hasMessageContaining("the rows restored before it stay");
        assertThat(db.scalar("SELECT count(*) FROM categories")).isEqualTo(2L);
        assertThat(db.query("SELECT slug FROM reviews").toString()).isEqualTo("[{slug=r1}]");
    }

    @Test
    void aBatchedDryRunCannotSeeRowsTheDatabaseWouldRejectAndWritesNothing() throws Exception {
        Path file = write(STANDARD.replace("\"Meh\"", "\"forbidden\""));
        ForwardingClient client = new ForwardingClient(db.adapter(), Provider.SUPABASE);
        RestoreResult dry = join(Backups.restore(client, SCHEMA, file, "u1",
                RestoreOptions.DEFAULTS.withDryRun(true)));
        assertThat(dry.tables().get("reviews")).isEqualTo(counts(2, 0, 0, 0));
        assertThat(client.calls("insertMany") + client.calls("insert") + client.calls("update")).isZero();
        assertThat(db.scalar("SELECT count(*) FROM categories")).isEqualTo(0L);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void keysWithoutADefaultAreKeptAndPythonStringValuesAreCast(Route route) throws Exception {
        db.sql("""
                DROP TABLE IF EXISTS events;
                CREATE TABLE events (code text PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, day date,
                    at timestamp, ref uuid, amount numeric(8,3), ratio double precision, on_flag boolean, tags int[], doc jsonb,
                    bin bytea);
                """);
        Path file = write("{\"metadata\": " + RestoreBehaviourTest.METADATA + ", \"events\": [{\"code\": \"E-1\","
                + " \"slug\": \"e\", \"user_id\": \"src\", \"day\": \"2026-02-28\", \"at\": \"2026-11-24T12:00:00.123456\","
                + " \"ref\": \"6F1C4F3E-0000-4000-8000-0000000000FF\", \"amount\": \"12.345\", \"ratio\": \"0.25\","
                + " \"on_flag\": true, \"tags\": [1, null, 3], \"doc\": \"just text\", \"bin\": \"AP8Q\"}]}");
        BackupSchema schema = BackupSchema.of(TableDef.of("events").withColumns("code", null, null));

        RestoreResult result = join(Backups.restore(route.client(db), schema, file, "u1", RestoreMode.SKIP, false));

        assertThat(result.tables().get("events")).isEqualTo(counts(1, 0, 0, 0));
        assertThat(db.query("SELECT code, day::text, at::text, ref::text, amount::text, ratio, on_flag, tags::text,"
                + " doc::text, encode(bin, 'hex') AS bin FROM events").toString())
                .isEqualTo("[{code=E-1, day=2026-02-28, at=2026-11-24 12:00:00.123456, ref=6f1c4f3e-0000-4000-8000-0000000000ff,"
                        + " amount=12.345, ratio=0.25, on_flag=true, tags={1,NULL,3}, doc=\"just text\", bin=00ff10}]");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void awkwardTextSurvivesAndMatchesByItsSlug(Route route) throws Exception {
        String text = "Zoë's \"quoted\" café\\N\ttab\nnewline 🎉";
        String json = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
        Path file = write(file("[{\"id\": 1, \"slug\": " + json + ", \"name\": " + json + ", \"user_id\": \"src\"}]", "[]", "[]"));
        route.restore(db, SCHEMA, file, RestoreMode.SKIP);
        assertThat(db.query("SELECT slug, name FROM categories")).containsExactly(Map.of("slug", text, "name", text));
        assertThat(route.restore(db, SCHEMA, file, RestoreMode.SKIP).tables().get("categories")).isEqualTo(counts(0, 0, 1, 0));
    }
}
