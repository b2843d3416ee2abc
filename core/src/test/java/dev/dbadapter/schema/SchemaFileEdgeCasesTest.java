package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Statement splitting and CREATE TABLE reading beyond the basic cases of {@link SchemaFileTest}. */
class SchemaFileEdgeCasesTest {

    private static SchemaFile.TableDefinition only(String sql) {
        SchemaFile file = SchemaFile.parse(sql);
        assertThat(file.tables()).hasSize(1);
        return file.tables().values().iterator().next();
    }

    private static List<String> sqlOf(SchemaFile file) {
        return file.statements().stream().map(SchemaFile.Statement::sql).toList();
    }

    // ---- statement splitting ----

    @Test
    void deeplyNestedBlockCommentHidesEverythingInside() {
        SchemaFile file = SchemaFile.parse("""
                /* a /* b /* c; CREATE TABLE ghost (id int); */ d; */ e; */
                CREATE TABLE real (id int);
                """);
        assertThat(file.tables()).containsOnlyKeys("real");
        assertThat(file.statements()).hasSize(1);
    }

    @Test
    void doubleDashInsideAStringIsNotAComment() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE t (id int, note text DEFAULT '-- not a comment', tag text);
                """);
        assertThat(file.table("t").orElseThrow().columns()).containsOnlyKeys("id", "note", "tag");
        assertThat(file.table("t").orElseThrow().columns().get("note")).isEqualTo("text DEFAULT '-- not a comment'");
    }

    @Test
    void doubledQuoteEscapesKeepTheStringOpenAcrossSemicolons() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE t (id int, note text DEFAULT 'it''s; (fine)', other int);
                INSERT INTO t (note) VALUES ('a'';b');
                """);
        assertThat(file.statements()).hasSize(2);
        assertThat(file.table("t").orElseThrow().columns().get("note")).isEqualTo("text DEFAULT 'it''s; (fine)'");
        assertThat(file.statements().get(1).sql()).isEqualTo("INSERT INTO t (note) VALUES ('a'';b')");
    }

    @Test
    void backslashEscapedQuoteInAnEStringDoesNotCloseIt() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE t (id int, note text DEFAULT E'it\\'s; here', x int);
                SELECT 1;
                """);
        assertThat(file.table("t").orElseThrow().columns()).containsOnlyKeys("id", "note", "x");
        assertThat(file.statements()).hasSize(2);
    }

    @Test
    void backslashInAPlainStringIsNotAnEscape() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE t (id int, path text DEFAULT 'C:\\', x int);
                SELECT 1;
                """);
        assertThat(file.table("t").orElseThrow().columns()).containsOnlyKeys("id", "path", "x");
        assertThat(file.statements()).hasSize(2);
    }

    @Test
    void taggedDollarQuoteMayContainPlainDollarDollar() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE t (id int);
                CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $fn$
                BEGIN
                    EXECUTE $$SELECT 1; SELECT 2$$;
                    RETURN 'x;y';
                END $fn$;
                CREATE TABLE u (id int);
                """);
        assertThat(file.tables()).containsOnlyKeys("t", "u");
        assertThat(file.statements()).hasSize(3);
        assertThat(file.statements().get(1).sql()).endsWith("END $fn$");
        assertThat(file.statements().get(2).line()).isEqualTo(7);
    }

    @Test
    void dollarSignInsideAnIdentifierIsNotADollarQuote() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (price$usd int, x$ int, y int);");
        assertThat(file.table("t").orElseThrow().columns()).containsOnlyKeys("price$usd", "x$", "y");
    }

    @Test
    void positionalParameterIsNotADollarQuote() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE t (id int);
                PREPARE q AS SELECT $1;
                CREATE TABLE u (id int);
                """);
        assertThat(file.tables()).containsOnlyKeys("t", "u");
        assertThat(file.statements()).hasSize(3);
    }

    @Test
    void semicolonAndParenthesisInsideAQuotedIdentifierAreNames() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (\"a;b\" int, \"c)(d\" text, \"e,f\" int);");
        assertThat(file.table("t").orElseThrow().columns()).containsOnlyKeys("a;b", "c)(d", "e,f");
        assertThat(file.statements()).hasSize(1);
    }

    @Test
    void crlfLineEndingsAreSplitAndNumberedLikeLf() {
        String sql = "CREATE TABLE a (\r\n  id int,\r\n  name text\r\n);\r\n\r\nCREATE TABLE b (id int);\r\n";
        SchemaFile file = SchemaFile.parse(sql);
        assertThat(file.table("a").orElseThrow().columns()).containsOnlyKeys("id", "name");
        assertThat(file.table("a").orElseThrow().columns().get("name")).isEqualTo("text");
        assertThat(file.table("b").orElseThrow().line()).isEqualTo(6);
    }

    @Test
    void crlfLineCommentEndsAtTheLineBreak() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE a ( -- note\r\n  id int\r\n);");
        assertThat(file.table("a").orElseThrow().columns()).containsOnlyKeys("id");
    }

    @Test
    void leadingByteOrderMarkIsIgnored(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("schema.sql");
        Files.write(path, ("\uFEFFCREATE TABLE items (id int);\n").getBytes(StandardCharsets.UTF_8));
        SchemaFile file = SchemaFile.read(path);
        assertThat(file.tables()).containsOnlyKeys("items");
    }

    @Test
    void emptyStatementsAndStrayFinalTextAreHandled() {
        SchemaFile file = SchemaFile.parse(";;\nCREATE TABLE t (id int);;\n  ;\n-- trailing\nCREATE TABLE u (id int)");
        assertThat(file.statements()).extracting(SchemaFile.Statement::sql)
                .containsExactly("CREATE TABLE t (id int)", "CREATE TABLE u (id int)");
        assertThat(file.table("u").orElseThrow().line()).isEqualTo(5);
    }

    @Test
    void createSqlIsTheExactStatementTextWithCommentsAndLayout() {
        String create = "CREATE TABLE t (\n    id int, -- key\n    /* name */ name text\n)";
        SchemaFile file = SchemaFile.parse(create + ";\n");
        assertThat(file.table("t").orElseThrow().createSql()).isEqualTo(create);
    }

    @Test
    void unterminatedDollarQuoteIsAnErrorNamingTheTagAndLine() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (id int);\n\nDO $body$ BEGIN END;\n"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("$body$")
                .satisfies(e -> assertThat(((SchemaFileException) e).line()).isEqualTo(3));
    }

    @Test
    void unterminatedQuotedIdentifierIsAnError() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (id int);\nCREATE TABLE \"u (id int);"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("unterminated quoted identifier")
                .satisfies(e -> assertThat(((SchemaFileException) e).line()).isEqualTo(2));
    }

    // ---- column forms ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            integer[]                                       | integer[]
            text[][]                                        | text[][]
            int ARRAY                                       | int ARRAY
            numeric(10,2) NOT NULL                          | numeric(10,2) NOT NULL
            timestamptz DEFAULT CURRENT_TIMESTAMP           | timestamptz DEFAULT CURRENT_TIMESTAMP
            timestamp(3) with time zone                     | timestamp(3) with time zone
            double precision                                | double precision
            character varying(255) COLLATE "C"              | character varying(255) COLLATE "C"
            bigint GENERATED ALWAYS AS IDENTITY             | bigint GENERATED ALWAYS AS IDENTITY
            numeric GENERATED ALWAYS AS (a * 2) STORED      | numeric GENERATED ALWAYS AS (a * 2) STORED
            uuid DEFAULT gen_random_uuid()                  | uuid DEFAULT gen_random_uuid()
            text DEFAULT 'x'::text                          | text DEFAULT 'x'::text
            date DEFAULT (now() AT TIME ZONE 'utc')::date   | date DEFAULT (now() AT TIME ZONE 'utc')::date
            jsonb DEFAULT '{"a": [1, 2]}'::jsonb            | jsonb DEFAULT '{"a": [1, 2]}'::jsonb
            int CHECK (b > 0 AND (b < 10 OR (b % 2) = 0))   | int CHECK (b > 0 AND (b < 10 OR (b % 2) = 0))
            int CONSTRAINT b_pos CHECK (b > 0)              | int CONSTRAINT b_pos CHECK (b > 0)
            """)
    void columnDefinitionIsKeptWhole(String definition, String expected) {
        SchemaFile.TableDefinition t = only("CREATE TABLE t (a int, b " + definition + ", z text);");
        assertThat(t.columns()).containsOnlyKeys("a", "b", "z");
        assertThat(t.columns().get("b")).isEqualTo(expected);
    }

    @Test
    void multiLineColumnDefinitionIsCompactedToOneLine() {
        SchemaFile.TableDefinition t = only("CREATE TABLE t (\n  b   numeric(10,\n     2)\n     NOT NULL\n);");
        assertThat(t.columns().get("b")).isEqualTo("numeric(10, 2) NOT NULL");
    }

    @Test
    void commentInsideAColumnDefinitionIsLeftOut() {
        SchemaFile.TableDefinition t = only("CREATE TABLE t (b int /* old: text */ NOT NULL -- required\n);");
        assertThat(t.columns().get("b")).isEqualTo("int NOT NULL");
    }

    @Test
    void inlineReferencesWithOnDeleteAndQualifiedTargetAreCollected() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE t (
                    a int REFERENCES public.parents (id) ON DELETE CASCADE,
                    b int REFERENCES audit."Log" ON DELETE SET NULL,
                    c int CONSTRAINT c_fk REFERENCES other_t(id) ON UPDATE CASCADE ON DELETE RESTRICT
                );
                """);
        SchemaFile.TableDefinition t = file.table("t").orElseThrow();
        assertThat(t.references()).containsExactly("parents", "audit.Log", "other_t");
        assertThat(t.columns().get("a")).isEqualTo("int REFERENCES public.parents (id) ON DELETE CASCADE");
        assertThat(t.columns().get("c")).isEqualTo("int CONSTRAINT c_fk REFERENCES other_t(id) ON UPDATE CASCADE ON DELETE RESTRICT");
    }

    @Test
    void referencesInsideAStringOrCommentIsNotAReference() {
        SchemaFile.TableDefinition t = only("""
                CREATE TABLE t (
                    a text DEFAULT 'REFERENCES ghosts(id)', -- REFERENCES phantoms(id)
                    b int /* REFERENCES spooks(id) */
                );
                """);
        assertThat(t.references()).isEmpty();
    }

    @Test
    void unqualifiedReferenceFromAnotherSchemaStaysInThatSchema() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE audit.users (id int PRIMARY KEY);
                CREATE TABLE audit.events (id int, user_id int REFERENCES users(id));
                """);
        assertThat(file.table("audit.events").orElseThrow().references()).containsExactly("audit.users");
    }

    @Test
    void columnNamedLikeAKeywordPrefixIsAColumnNotAConstraint() {
        SchemaFile.TableDefinition t = only("CREATE TABLE t (checked boolean, primary_owner int, unique_code text, "
                + "likes int, excluded boolean, constraints text, foreigner text);");
        assertThat(t.columns()).containsOnlyKeys("checked", "primary_owner", "unique_code", "likes", "excluded",
                "constraints", "foreigner");
        assertThat(t.constraints()).isEmpty();
    }

    @Test
    void quotedColumnNamedLikeAConstraintKeywordIsAColumn() {
        SchemaFile.TableDefinition t = only("CREATE TABLE t (\"check\" int, \"primary\" text, \"unique\" int);");
        assertThat(t.columns()).containsOnlyKeys("check", "primary", "unique");
        assertThat(t.constraints()).isEmpty();
    }

    // ---- table-level constraints ----

    @Test
    void everyTableLevelConstraintFormIsAConstraintInOrder() {
        SchemaFile.TableDefinition t = only("""
                CREATE TABLE t (
                    a int, b int, c int, during tsrange,
                    PRIMARY KEY (a, b),
                    UNIQUE NULLS NOT DISTINCT (c),
                    FOREIGN KEY (c) REFERENCES others (id) ON DELETE SET NULL,
                    CHECK (a < b AND (c IS NULL OR c > 0)),
                    EXCLUDE USING gist (c WITH =, during WITH &&),
                    CONSTRAINT named_u UNIQUE (b, c)
                );
                """);
        assertThat(t.columns()).containsOnlyKeys("a", "b", "c", "during");
        assertThat(t.constraints()).containsExactly("PRIMARY KEY (a, b)", "UNIQUE NULLS NOT DISTINCT (c)",
                "FOREIGN KEY (c) REFERENCES others (id) ON DELETE SET NULL",
                "CHECK (a < b AND (c IS NULL OR c > 0))", "EXCLUDE USING gist (c WITH =, during WITH &&)",
                "CONSTRAINT named_u UNIQUE (b, c)");
        assertThat(t.references()).containsExactly("others");
    }

    @Test
    void likeClauseIsKeptAsAConstraintNotAColumn() {
        SchemaFile.TableDefinition t = only("CREATE TABLE t (LIKE templates INCLUDING ALL, extra int);");
        assertThat(t.columns()).containsOnlyKeys("extra");
        assertThat(t.constraints()).containsExactly("LIKE templates INCLUDING ALL");
    }

    // ---- names ----

    @Test
    void quotedNamesWithSpacesDotsAndQuotesAreKeptVerbatim() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE "My Table" ("first name" text, "a.b" int, "say ""hi""\" text);
                CREATE TABLE "odd"".name" (id int);
                """);
        assertThat(file.tables()).containsOnlyKeys("My Table", "odd\".name");
        assertThat(file.expectedColumns().get("My Table")).containsExactly("first name", "a.b", "say \"hi\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Items", "ITEMS", "public.Items", "PUBLIC.items", "\"public\".items", "public.\"items\""})
    void unquotedNamesFoldToLowerCaseAndPublicIsDropped(String name) {
        SchemaFile file = SchemaFile.parse("CREATE TABLE " + name + " (ID int, Name TEXT);");
        assertThat(file.tables()).containsOnlyKeys("items");
        assertThat(file.expectedColumns().get("items")).containsExactly("id", "name");
    }

    @Test
    void quotedMixedCaseSchemaIsKept() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE \"Audit\".\"Log\" (id int); CREATE TABLE Audit.Log (id int);");
        assertThat(file.tables()).containsOnlyKeys("Audit.Log", "audit.log");
        assertThat(file.table("Audit.Log").orElseThrow().schema()).isEqualTo("Audit");
        assertThat(file.table("audit.log").orElseThrow().name()).isEqualTo("log");
    }

    @Test
    void sameNameInTwoSchemasIsTwoTables() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE items (id int); CREATE TABLE archive.items (id int, old int);");
        assertThat(file.tables()).containsOnlyKeys("items", "archive.items");
        assertThat(file.table("items").orElseThrow().schema()).isNull();
    }

    @Test
    void quotedAndUnquotedSpellingsOfOneTableAreADuplicate() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE items (id int);\n\n\"items\" ;\nCREATE TABLE IF NOT EXISTS \"items\" (id int);"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("table items is already created at line 1")
                .satisfies(e -> assertThat(((SchemaFileException) e).line()).isEqualTo(4));
    }

    @Test
    void mixedCaseUnquotedAndQuotedLowerCaseAreTheSameColumnTwice() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (Name text, \"name\" text);"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("column name appears twice in t");
    }

    // ---- table kinds ----

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TEMP TABLE", "CREATE TEMPORARY TABLE", "CREATE UNLOGGED TABLE",
            "CREATE GLOBAL TEMPORARY TABLE", "CREATE LOCAL TEMP TABLE", "create unlogged table if not exists"})
    void tableKindPrefixesAreTables(String prefix) {
        SchemaFile file = SchemaFile.parse(prefix + " t (id int);");
        assertThat(file.tables()).containsOnlyKeys("t");
    }

    @Test
    void partitionedParentIsATableAndPartitionOfIsNot() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE measurements (id int, taken date NOT NULL) PARTITION BY RANGE (taken);
                CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE copy AS SELECT * FROM measurements;
                """);
        assertThat(file.tables()).containsOnlyKeys("measurements");
        assertThat(file.table("measurements").orElseThrow().columns()).containsOnlyKeys("id", "taken");
        assertThat(file.statements()).hasSize(3);
    }

    @Test
    void tableWithOnlyConstraintsAndNoColumnsIsAnError() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (id int);\nCREATE TABLE u (PRIMARY KEY (id));"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("has no columns")
                .satisfies(e -> assertThat(((SchemaFileException) e).line()).isEqualTo(2));
    }

    @Test
    void trailingCommaIsAnErrorOnItsStatementsLine() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE a (id int);\n-- x\n\nCREATE TABLE t (\n id int,\n);"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("empty column or constraint")
                .satisfies(e -> assertThat(((SchemaFileException) e).line()).isEqualTo(4));
    }

    @Test
    void textAfterTheTableNameThatIsNotAColumnListIsAnError() {
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE t (id int);\nCREATE TABLE u id int;"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("expected '(' after the table name u");
    }

    // ---- ordering ----

    @Test
    void threeLevelChainDefinedChildFirstIsCreatedParentFirst() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE grandchild (id int, child_id int REFERENCES child(id));
                CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent(id));
                CREATE TABLE parent (id int PRIMARY KEY, root_id int REFERENCES root(id));
                CREATE TABLE root (id int PRIMARY KEY);
                """);
        assertThat(file.creationOrder(file.tables().keySet()))
                .containsExactly("root", "parent", "child", "grandchild");
    }

    @Test
    void tableLevelForeignKeyCountsForOrdering() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE b (id int, a_id int, FOREIGN KEY (a_id) REFERENCES a (id));
                CREATE TABLE a (id int PRIMARY KEY);
                """);
        assertThat(file.creationOrder(List.of("b", "a"))).containsExactly("a", "b");
    }

    @Test
    void referenceCycleKeepsFileOrderAndLosesNoTable() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE x (id int PRIMARY KEY, y_id int REFERENCES y(id));
                CREATE TABLE y (id int PRIMARY KEY, x_id int REFERENCES x(id));
                CREATE TABLE z (id int, x_id int REFERENCES x(id));
                """);
        assertThat(file.creationOrder(List.of("z", "y", "x"))).containsExactlyInAnyOrder("x", "y", "z")
                .endsWith("z");
    }

    @Test
    void keysTheFileDoesNotDefineComeLast() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE a (id int); CREATE TABLE b (id int);");
        assertThat(file.creationOrder(List.of("ghost", "b"))).containsExactly("b", "ghost");
    }

    @Test
    void parentOutsideTheRequestedSetDoesNotJoinTheOrder() {
        SchemaFile file = SchemaFile.parse("""
                CREATE TABLE parent (id int PRIMARY KEY);
                CREATE TABLE child (id int, parent_id int REFERENCES parent(id));
                """);
        assertThat(file.creationOrder(List.of("child"))).containsExactly("child");
    }

    // ---- statements and errors ----

    @Test
    void statementsKeepFileOrderAndKnowWhichTableTheyCreate() {
        SchemaFile file = SchemaFile.parse("""
                CREATE EXTENSION IF NOT EXISTS citext;
                CREATE TYPE mood AS ENUM ('sad', 'ok');
                CREATE TABLE people (id int, feeling mood);
                CREATE INDEX people_id ON people (id);
                """);
        assertThat(file.statements()).extracting(SchemaFile.Statement::table)
                .containsExactly(null, null, "people", null);
        assertThat(file.statements()).extracting(SchemaFile.Statement::line).containsExactly(1, 2, 3, 4);
    }

    @Test
    void errorOnALaterLineOfALongFileNamesThatLineAndTheSource() {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sql.append("CREATE TABLE t").append(i).append(" (id int);\n");
        }
        sql.append("\n\nCREATE TABLE bad (id int, (x));\n");
        assertThatThrownBy(() -> SchemaFile.parse(sql.toString(), "db/schema.sql"))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining("db/schema.sql:43")
                .satisfies(e -> assertThat(((SchemaFileException) e).line()).isEqualTo(43));
    }

    @Test
    void readErrorOfADirectoryNamesThePath(@TempDir Path dir) {
        assertThatThrownBy(() -> SchemaFile.read(dir))
                .isInstanceOf(SchemaFileException.class).hasMessageContaining(dir.toString())
                .hasMessageContaining("cannot read the schema file");
    }

    @Test
    void readUsesThePathAsTheSourceInErrorsAndResult(@TempDir Path dir) throws Exception {
        Path path = Files.writeString(dir.resolve("my.sql"), "CREATE INDEX i ON t (x);");
        assertThatThrownBy(() -> SchemaFile.read(path)).isInstanceOf(SchemaFileException.class)
                .hasMessageContaining(path.toString()).hasMessageContaining("no CREATE TABLE");
        Path good = Files.writeString(dir.resolve("ok.sql"), "CREATE TABLE t (id int);");
        assertThat(SchemaFile.read(good).source()).isEqualTo(good.toString());
    }

    @Test
    void expectedColumnsAndTablesAreUnmodifiable() {
        SchemaFile file = SchemaFile.parse("CREATE TABLE t (id int);");
        assertThatThrownBy(() -> file.tables().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> file.expectedColumns().get("t").add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> file.statements().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- names PostgreSQL would truncate ----

    @Test
    void aTableNameOverSixtyThreeBytesIsRefusedWithItsLine() {
        String name = "t".repeat(64);
        assertThatThrownBy(() -> SchemaFile.parse("CREATE TABLE ok (id int);\n\nCREATE TABLE " + name + " (id int);"))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageContaining(":3:")
                .hasMessageContaining(name)
                .hasMessageContaining("longer than 63 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE items (%s int);",
        "CREATE TABLE \"%s\" (id int);",
        "CREATE TABLE %s.items (id int);",
        "CREATE TABLE items (id int REFERENCES %s(id));",
        "CREATE TABLE items (id int); CREATE INDEX items_id ON %s (id);",
        "CREATE TABLE items (id int); COMMENT ON TABLE %s IS 'x';"})
    void everyNameOverTheLimitIsRefused(String template) {
        String name = "é".repeat(32); // 64 bytes in 32 characters
        assertThatThrownBy(() -> SchemaFile.parse(template.formatted(name)))
                .isInstanceOf(SchemaFileException.class)
                .hasMessageContaining("longer than 63 bytes");
    }

    @Test
    void aNameOfExactlySixtyThreeBytesIsKept() {
        String name = "t".repeat(63);
        assertThat(only("CREATE TABLE " + name + " (" + name + " int);").columns()).containsOnlyKeys(name);
    }
}
