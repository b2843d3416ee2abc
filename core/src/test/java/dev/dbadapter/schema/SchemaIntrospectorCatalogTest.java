package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.ConnectionCallback;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Catalog details of {@link SchemaIntrospector} beyond {@link SchemaIntrospectorTest}. */
class SchemaIntrospectorCatalogTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static DatabaseSchema publicSchema;

    @BeforeAll
    static void createSchema() {
        db.sql("""
                CREATE EXTENSION IF NOT EXISTS citext;
                CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
                CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
                CREATE TABLE owners (id bigserial PRIMARY KEY, email citext NOT NULL);
                CREATE TABLE kinds (
                    v varchar(20), n numeric(12,3), nn numeric, tags text[], grid integer[][],
                    tz timestamptz, ts timestamp(3), t time, d date, j jsonb, u uuid, b bytea,
                    f double precision, r real, c char(2), bits bit varying(8), iv interval,
                    m mood DEFAULT 'ok', p positive_int, e citext
                );
                CREATE TABLE defaults (
                    id integer GENERATED ALWAYS AS IDENTITY,
                    s serial,
                    at timestamptz NOT NULL DEFAULT now(),
                    label text DEFAULT 'none',
                    num integer DEFAULT 42,
                    flag boolean NOT NULL DEFAULT false,
                    doubled integer GENERATED ALWAYS AS (num * 2) STORED,
                    plain text
                );
                CREATE TABLE pairs (
                    a int, b int, c int, d int,
                    PRIMARY KEY (b, a),
                    CONSTRAINT pairs_cd_key UNIQUE (d, c)
                );
                CREATE TABLE links (
                    id serial PRIMARY KEY,
                    cascade_id bigint REFERENCES owners(id) ON DELETE CASCADE,
                    null_id bigint REFERENCES owners(id) ON DELETE SET NULL,
                    restrict_id bigint REFERENCES owners(id) ON DELETE RESTRICT,
                    plain_id bigint REFERENCES owners(id),
                    default_id bigint DEFAULT 1 REFERENCES owners(id) ON DELETE SET DEFAULT,
                    pa int, pb int,
                    CONSTRAINT links_pair_fk FOREIGN KEY (pa, pb) REFERENCES pairs (b, a)
                );
                CREATE INDEX links_partial ON links (plain_id) WHERE plain_id IS NOT NULL;
                CREATE INDEX links_expr ON links ((pa + pb), lower(pa::text));
                CREATE INDEX links_hash ON links USING hash (restrict_id);
                CREATE INDEX kinds_tags ON kinds USING gin (tags);
                CREATE UNIQUE INDEX kinds_v_lower ON kinds (lower(v)) WHERE v IS NOT NULL;
                CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + b $$;
                CREATE PROCEDURE noop() LANGUAGE sql AS $$ SELECT 1 $$;
                CREATE TRIGGER links_after_delete AFTER DELETE ON links FOR EACH ROW EXECUTE FUNCTION log_change();
                CREATE TRIGGER links_statement AFTER INSERT OR UPDATE OR DELETE ON links
                    FOR EACH STATEMENT EXECUTE FUNCTION log_change();
                CREATE TRIGGER links_truncate BEFORE TRUNCATE ON links FOR EACH STATEMENT EXECUTE FUNCTION log_change();
                CREATE TRIGGER links_update_of BEFORE UPDATE OF pa ON links FOR EACH ROW EXECUTE FUNCTION log_change();
                ALTER TABLE links DISABLE TRIGGER links_truncate;
                CREATE TABLE "Mixed Case" ("Some Col" int);
                CREATE SCHEMA app;
                CREATE TABLE app.accounts (id int PRIMARY KEY, owner_id bigint REFERENCES public.owners(id));
                CREATE FUNCTION app.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER accounts_stamp BEFORE INSERT ON app.accounts FOR EACH ROW EXECUTE FUNCTION app.stamp();
                CREATE TRIGGER accounts_public_fn AFTER INSERT ON app.accounts FOR EACH ROW EXECUTE FUNCTION public.log_change();
                CREATE TABLE public.uses_app (id int, account_id int REFERENCES app.accounts(id));
                CREATE SCHEMA empty_one;
                CREATE TABLE spatial_ref_sys (srid int);
                CREATE TABLE pg_stat_statements (x int);
                CREATE VIEW owner_emails AS SELECT email FROM owners;
                CREATE SEQUENCE loose_seq;
                CREATE TABLE parted (id int, at date) PARTITION BY RANGE (at);
                CREATE TABLE parted_2024 PARTITION OF parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                """);
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            publicSchema = introspector.introspect("public").join();
        }
    }

    private static DatabaseSchema.Table table(String name) {
        return publicSchema.tables().get(name);
    }

    private static DatabaseSchema.Constraint constraint(String table, String name) {
        return table(table).constraints().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            v     | character varying(20)
            n     | numeric(12,3)
            nn    | numeric
            tags  | text[]
            grid  | integer[]
            tz    | timestamp with time zone
            ts    | timestamp(3) without time zone
            t     | time without time zone
            j     | jsonb
            f     | double precision
            r     | real
            c     | character(2)
            bits  | bit varying(8)
            m     | mood
            p     | positive_int
            e     | citext
            """)
    void typesAreNormalisedAsPostgresFormatsThem(String column, String type) {
        assertThat(table("kinds").columns().get(column).type()).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            s      | nextval('defaults_s_seq'::regclass)
            at     | now()
            label  | 'none'::text
            num    | 42
            flag   | false
            plain  | NULL
            id     | NULL
            """)
    void defaultsAreReadAsExpressions(String column, String defaultValue) {
        assertThat(table("defaults").columns().get(column).defaultValue()).isEqualTo(defaultValue);
    }

    @Test
    void enumDefaultKeepsItsCast() {
        assertThat(table("kinds").columns().get("m").defaultValue()).isEqualTo("'ok'::mood");
    }

    @Test
    void generatedStoredColumnShowsItsExpressionAndIsNotIdentity() {
        DatabaseSchema.Column doubled = table("defaults").columns().get("doubled");
        assertThat(doubled.defaultValue()).isEqualTo("(num * 2)");
        assertThat(doubled.identity()).isNull();
        assertThat(table("defaults").columns().get("id").identity()).isEqualTo("ALWAYS");
    }

    @Test
    void nullabilityFollowsNotNullAndPrimaryKeys() {
        Map<String, DatabaseSchema.Column> columns = table("defaults").columns();
        assertThat(columns.get("at").nullable()).isFalse();
        assertThat(columns.get("flag").nullable()).isFalse();
        assertThat(columns.get("id").nullable()).isFalse();
        assertThat(columns.get("label").nullable()).isTrue();
        assertThat(table("pairs").columns().get("a").nullable()).isFalse();
        assertThat(table("pairs").columns().get("c").nullable()).isTrue();
    }

    @Test
    void compositePrimaryKeyAndUniqueKeepKeyOrder() {
        DatabaseSchema.Constraint pk = constraint("pairs", "pairs_pkey");
        assertThat(pk.type()).isEqualTo(DatabaseSchema.ConstraintType.PRIMARY_KEY);
        assertThat(pk.columns()).containsExactly("b", "a");
        assertThat(pk.referencedTable()).isNull();
        assertThat(pk.onDelete()).isNull();
        assertThat(constraint("pairs", "pairs_cd_key").columns()).containsExactly("d", "c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            links_cascade_id_fkey  | CASCADE
            links_null_id_fkey     | SET NULL
            links_restrict_id_fkey | RESTRICT
            links_plain_id_fkey    | NO ACTION
            links_default_id_fkey  | SET DEFAULT
            """)
    void foreignKeyOnDeleteRuleIsRead(String name, String rule) {
        DatabaseSchema.Constraint fk = constraint("links", name);
        assertThat(fk.type()).isEqualTo(DatabaseSchema.ConstraintType.FOREIGN_KEY);
        assertThat(fk.onDelete()).isEqualTo(rule);
        assertThat(fk.referencedTable()).isEqualTo("owners");
    }

    @Test
    void compositeForeignKeyPairsColumnsInOrder() {
        DatabaseSchema.Constraint fk = constraint("links", "links_pair_fk");
        assertThat(fk.columns()).containsExactly("pa", "pb");
        assertThat(fk.referencedTable()).isEqualTo("pairs");
        assertThat(fk.referencedColumns()).containsExactly("b", "a");
        assertThat(fk.definition()).isEqualTo("FOREIGN KEY (pa, pb) REFERENCES pairs(b, a)");
    }

    @Test
    void foreignKeyToAnotherSchemaIsQualified() {
        DatabaseSchema.Constraint fk = constraint("uses_app", "uses_app_account_id_fkey");
        assertThat(fk.referencedTable()).isEqualTo("app.accounts");
    }

    @Test
    void partialIndexKeepsItsPredicateInTheDefinition() {
        DatabaseSchema.Index partial = index("links", "links_partial");
        assertThat(partial.columns()).containsExactly("plain_id");
        assertThat(partial.unique()).isFalse();
        assertThat(partial.definition()).endsWith("WHERE (plain_id IS NOT NULL)");
        assertThat(index("kinds", "kinds_v_lower").unique()).isTrue();
        assertThat(index("kinds", "kinds_v_lower").definition()).contains("WHERE (v IS NOT NULL)");
    }

    @Test
    void expressionIndexListsEachKeyExpression() {
        assertThat(index("links", "links_expr").columns()).containsExactly("(pa + pb)", "lower(pa::text)");
    }

    @ParameterizedTest
    @CsvSource({"links,links_hash,hash", "kinds,kinds_tags,gin", "links,links_partial,btree"})
    void indexMethodIsRead(String tableName, String indexName, String method) {
        assertThat(index(tableName, indexName).method()).isEqualTo(method);
    }

    @Test
    void uniqueConstraintsShowUpAsIndexesButThePrimaryKeyDoesNot() {
        assertThat(table("pairs").indexes()).extracting(DatabaseSchema.Index::name).containsExactly("pairs_cd_key");
        assertThat(table("owners").indexes()).isEmpty();
    }

    @Test
    void triggersCarryEventsTimingAndLevel() {
        assertThat(table("links").triggers()).extracting(DatabaseSchema.Trigger::name)
                .containsExactly("links_after_delete", "links_statement", "links_truncate", "links_update_of");
        DatabaseSchema.Trigger afterDelete = trigger("links", "links_after_delete");
        assertThat(afterDelete.events()).containsExactly("DELETE");
        assertThat(afterDelete.timing()).isEqualTo("AFTER");
        assertThat(afterDelete.level()).isEqualTo("ROW");
        DatabaseSchema.Trigger statement = trigger("links", "links_statement");
        assertThat(statement.events()).containsExactly("INSERT", "UPDATE", "DELETE");
        assertThat(statement.event()).isEqualTo("INSERT OR UPDATE OR DELETE");
        assertThat(statement.level()).isEqualTo("STATEMENT");
        DatabaseSchema.Trigger truncate = trigger("links", "links_truncate");
        assertThat(truncate.events()).containsExactly("TRUNCATE");
        assertThat(truncate.timing()).isEqualTo("BEFORE");
        assertThat(trigger("links", "links_update_of").events()).containsExactly("UPDATE");
    }

    @Test
    void foreignKeysInternalTriggersAreNotListed() {
        assertThat(table("owners").triggers()).isEmpty();
        assertThat(table("pairs").triggers()).isEmpty();
    }

    @Test
    void functionsAndProceduresAreListedWithoutExtensionMembers() {
        assertThat(publicSchema.functions()).extracting(DatabaseSchema.Function::name)
                .containsExactly("add", "log_change", "noop");
        DatabaseSchema.Function add = publicSchema.functions().getFirst();
        assertThat(add.arguments()).isEqualTo("a integer, b integer");
        assertThat(add.returnType()).isEqualTo("integer");
        assertThat(add.language()).isEqualTo("sql");
        DatabaseSchema.Function noop = publicSchema.functions().get(2);
        assertThat(noop.returnType()).isEmpty();
        assertThat(noop.definition()).startsWith("CREATE OR REPLACE PROCEDURE public.noop()");
    }

    @Test
    void viewsSequencesPartitionsAndDefaultExcludedTablesAreNotTables() {
        assertThat(publicSchema.tables()).containsOnlyKeys("owners", "kinds", "defaults", "pairs", "links",
                "Mixed Case", "uses_app", "parted", "parted_2024");
        assertThat(table("Mixed Case").columns()).containsOnlyKeys("Some Col");
    }

    @Test
    void tablesAreSortedByName() {
        assertThat(List.copyOf(publicSchema.tables().keySet())).isSorted();
    }

    @Test
    void anotherSchemaIsReadOnItsOwnWithQualifiedOutsideReferences() {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            DatabaseSchema app = introspector.introspect("app").join();
            assertThat(app.schema()).isEqualTo("app");
            assertThat(app.tables()).containsOnlyKeys("accounts");
            DatabaseSchema.Table accounts = app.tables().get("accounts");
            assertThat(accounts.constraints()).filteredOn(c -> c.type() == DatabaseSchema.ConstraintType.FOREIGN_KEY)
                    .singleElement().satisfies(fk -> assertThat(fk.referencedTable()).isEqualTo("public.owners"));
            assertThat(accounts.triggers()).extracting(DatabaseSchema.Trigger::function)
                    .containsExactly("public.log_change", "stamp");
            assertThat(app.functions()).extracting(DatabaseSchema.Function::name).containsExactly("stamp");
        }
    }

    @Test
    void emptyOrUnknownSchemaHasNoTables() {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            assertThat(introspector.columnNames("empty_one").join()).isEmpty();
            assertThat(introspector.columnNames("no_such_schema").join()).isEmpty();
            DatabaseSchema empty = introspector.introspect("empty_one").join();
            assertThat(empty.tables()).isEmpty();
            assertThat(empty.functions()).isEmpty();
        }
    }

    @Test
    void columnNamesForKeysQualifiesTablesOfTheOtherSchemasNamed() {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            Map<String, Set<String>> names = introspector.columnNamesFor(List.of("owners", "app.accounts")).join();
            assertThat(names).containsKey("owners").containsKey("app.accounts").doesNotContainKey("accounts");
            assertThat(names.get("app.accounts")).containsExactly("id", "owner_id");
            assertThat(introspector.columnNamesFor(List.of("owners")).join()).doesNotContainKey("app.accounts")
                    .isEqualTo(introspector.columnNames("public").join());
            assertThat(introspector.columnNamesFor(List.of("public.owners", "nowhere.x")).join())
                    .isEqualTo(introspector.columnNames("public").join());
        }
    }

    @Test
    void customExclusionReplacesTheDefaults() {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter(), Set.of("kinds", "links"))) {
            assertThat(introspector.excludedTables()).containsExactlyInAnyOrder("kinds", "links");
            Map<String, Set<String>> names = introspector.columnNames("public").join();
            assertThat(names).doesNotContainKeys("kinds", "links").containsKeys("spatial_ref_sys", "pg_stat_statements");
            assertThat(introspector.introspect("public").join().tables()).doesNotContainKeys("kinds", "links");
        }
    }

    @Test
    void emptyExclusionListsEveryTable() {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter(), Set.of())) {
            assertThat(introspector.columnNames("public").join()).containsKeys("spatial_ref_sys", "pg_stat_statements");
        }
        assertThat(SchemaIntrospector.DEFAULT_EXCLUDED_TABLES)
                .containsExactlyInAnyOrder("schema_migrations", "pg_stat_statements", "spatial_ref_sys");
    }

    @Test
    void droppedColumnsAreNotListed() {
        db.sql("CREATE TABLE shrinking (a int, b int, c int); ALTER TABLE shrinking DROP COLUMN b;");
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            assertThat(introspector.columnNames("public").join().get("shrinking")).containsExactly("a", "c");
            assertThat(introspector.introspect("public").join().tables().get("shrinking").columns())
                    .containsOnlyKeys("a", "c");
        } finally {
            db.sql("DROP TABLE shrinking");
        }
    }

    @Test
    void resultsCannotBeModified() {
        try (SchemaIntrospector introspector = new SchemaIntrospector(db.adapter())) {
            Map<String, Set<String>> names = introspector.columnNames("public").join();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> names.put("x", Set.of()))
                    .isInstanceOf(UnsupportedOperationException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> names.get("owners").add("x"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void introspectionIssuesTheSameNumberOfStatementsFor3And30Tables() {
        db.sql("CREATE SCHEMA few; CREATE SCHEMA many;");
        for (int i = 0; i < 30; i++) {
            String sql = "CREATE TABLE %s.t%d (id serial PRIMARY KEY, code text UNIQUE, parent_id int, note text);"
                    + "CREATE INDEX ON %s.t%d (note);";
            if (i < 3) {
                db.sql(sql.formatted("few", i, "few", i));
            }
            db.sql(sql.formatted("many", i, "many", i));
        }
        int few = statementsFor(client -> {
            try (SchemaIntrospector introspector = new SchemaIntrospector(client)) {
                assertThat(introspector.introspect("few").join().tables()).hasSize(3);
            }
        });
        int many = statementsFor(client -> {
            try (SchemaIntrospector introspector = new SchemaIntrospector(client)) {
                assertThat(introspector.introspect("many").join().tables()).hasSize(30);
            }
        });
        int names = statementsFor(client -> {
            try (SchemaIntrospector introspector = new SchemaIntrospector(client)) {
                assertThat(introspector.columnNames("many").join()).hasSize(30);
            }
        });
        assertThat(many).isEqualTo(few).isLessThanOrEqualTo(8);
        assertThat(names).isEqualTo(1);
    }

    private static DatabaseSchema.Index index(String tableName, String name) {
        return table(tableName).indexes().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    private static DatabaseSchema.Trigger trigger(String tableName, String name) {
        return table(tableName).triggers().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Runs {@code work} against a client that counts the statements created on its connections. */
    private static int statementsFor(java.util.function.Consumer<PostgresClient> work) {
        AtomicInteger count = new AtomicInteger();
        PostgresClient real = db.adapter();
        PostgresClient counting = (PostgresClient) Proxy.newProxyInstance(PostgresClient.class.getClassLoader(),
                new Class<?>[] {PostgresClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("withConnection")) {
                        ConnectionCallback<?> callback = (ConnectionCallback<?>) args[0];
                        return real.withConnection(connection -> callback.apply(countingConnection(connection, count)));
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        work.accept(counting);
        return count.get();
    }

    private static Connection countingConnection(Connection connection, AtomicInteger count) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (List.of("prepareStatement", "createStatement", "prepareCall").contains(method.getName())) {
                        count.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
