package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Backups#backup} writes: each type's exact JSON, which rows, metadata, and how the file appears. */
class BackupOutputTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"));

    @TempDir
    Path dir;

    @BeforeAll
    static void tables() {
        db.sql("""
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL, kind text);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL,
                    category_id int NOT NULL REFERENCES categories(id), rank int);
                INSERT INTO categories (id, slug, user_id, kind) VALUES (1, 'tools', 'u1', 'a'), (2, 'garden', 'u1', NULL),
                    (3, 'food', 'u1', 'b'), (4, 'other', 'u2', 'a');
                INSERT INTO products (slug, user_id, category_id, rank) VALUES ('hammer', 'u1', 1, 1), ('rake', 'u1', 2, 2),
                    ('apple', 'u1', 3, 3), ('x', 'u2', 4, 1), ('stolen', 'u1', 4, 1);
                CREATE TABLE typed (id bigint PRIMARY KEY, slug text, user_id text, v_numeric numeric, v_money numeric(12,2),
                    v_int int, v_big bigint, v_small smallint, v_real real, v_double double precision, v_bool boolean,
                    v_ts timestamp, v_tstz timestamptz, v_date date, v_time time, v_uuid uuid, v_jsonb jsonb, v_json json,
                    v_text_arr text[], v_int_arr int[], v_bytea bytea, v_null text, v_interval interval);
                """);
    }

    Path backup(BackupSchema schema, String user, String name) {
        Path file = dir.resolve(name);
        Backups.backup(db.adapter(), schema, user, file, null, null).join();
        return file;
    }

    static JsonNode read(Path file) throws IOException {
        return ValueCodec.JSON.readTree(file.toFile());
    }

    /** The raw JSON text of the only row of {@code typed} after inserting {@code values} into it. */
    String typedRow(String columns, String values) throws IOException {
        db.sql("TRUNCATE typed; INSERT INTO typed (id, slug, user_id, " + columns + ") VALUES (1, 's', 'u', " + values + ")");
        Path file = backup(BackupSchema.of(TableDef.of("typed")), "u", "typed.json");
        String text = Files.readString(file);
        return text.substring(text.indexOf("\"typed\":[") + 9, text.lastIndexOf(']'));
    }

    @Test
    void bigNumericsAreWrittenAsExactStringsAndBigIntegersAsNumbers() throws IOException {
        assertThat(typedRow("v_numeric, v_big", "123456789012345678901234567890.000000000000000000001, -9223372036854775808"))
                .contains("\"v_numeric\":\"123456789012345678901234567890.000000000000000000001\"")
                .contains("\"v_big\":-9223372036854775808");
    }

    @Test
    void numericScaleIsKeptInTheText() throws IOException {
        assertThat(typedRow("v_money, v_numeric", "10.50, 0.000")).contains("\"v_money\":\"10.50\"").contains("\"v_numeric\":\"0.000\"");
    }

    @Test
    void smallIntegersAndFloatsAreNumbers() throws IOException {
        assertThat(typedRow("v_int, v_small, v_real, v_double", "-7, 32767, 1.5, 0.1"))
                .contains("\"v_int\":-7").contains("\"v_small\":32767").contains("\"v_real\":1.5").contains("\"v_double\":0.1");
    }

    @Test
    void booleansAreJsonBooleans() throws IOException {
        assertThat(typedRow("v_bool", "false")).contains("\"v_bool\":false");
    }

    @Test
    void timestampsWithoutZoneAreIsoWithoutOffset() throws IOException {
        assertThat(typedRow("v_ts", "'2026-11-24 12:00:00'")).contains("\"v_ts\":\"2026-11-24T12:00:00\"");
    }

    @Test
    void timestampsWithZoneAreIsoInUtcWithAnOffset() throws IOException {
        assertThat(typedRow("v_tstz", "'2026-11-24 12:00:00.25-03:00'")).contains("\"v_tstz\":\"2026-11-24T15:00:00.25+00:00\"");
    }

    @Test
    void datesAndTimesAreIsoStrings() throws IOException {
        assertThat(typedRow("v_date, v_time", "'2026-02-28', '23:59:58.5'"))
                .contains("\"v_date\":\"2026-02-28\"").contains("\"v_time\":\"23:59:58.5\"");
    }

    @Test
    void uuidsAreCanonicalLowerCase() throws IOException {
        assertThat(typedRow("v_uuid", "'{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}'"))
                .contains("\"v_uuid\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"");
    }

    @Test
    void jsonbIsNestedJsonNotAString() throws IOException {
        String row = typedRow("v_jsonb, v_json", "'{\"a\": {\"b\": [1, null, \"x\"]}, \"n\": 1.50}', '[true, {\"k\": \"v\"}]'");
        JsonNode json = ValueCodec.JSON.readTree(row);
        assertThat(json.get("v_jsonb").isObject()).isTrue();
        assertThat(json.get("v_jsonb").get("a").toString()).isEqualTo("{\"b\":[1,null,\"x\"]}");
        assertThat(row).as("numbers inside jsonb keep their text").contains("\"n\": 1.50");
        assertThat(json.get("v_json").toString()).isEqualTo("[true,{\"k\":\"v\"}]");
    }

    @Test
    void arraysAreJsonArrays() throws IOException {
        assertThat(typedRow("v_text_arr, v_int_arr", "ARRAY['a', NULL, 'b,c'], ARRAY[3, 2]"))
                .contains("\"v_text_arr\":[\"a\",null,\"b,c\"]").contains("\"v_int_arr\":[3,2]");
    }

    @Test
    void byteaIsBase64() throws IOException {
        assertThat(typedRow("v_bytea", "'hello'::bytea")).contains("\"v_bytea\":\"aGVsbG8=\"");
    }

    @Test
    void nullColumnsAreWrittenAsNull() throws IOException {
        assertThat(typedRow("v_null", "NULL")).contains("\"v_null\":null").contains("\"v_uuid\":null");
    }

    @Test
    void unicodeAndControlCharactersAreEscapedJson() throws IOException {
        String row = typedRow("v_null", "E'Zoë \"quoted\" \\\\ 日本 \\u0001'");
        assertThat(row).contains("\"v_null\":\"Zoë \\\"quoted\\\" \\\\ 日本 \\u0001\"");
        assertThat(ValueCodec.JSON.readTree(row).get("v_null").asText())
                .isEqualTo("Zoë \"quoted\" \\ 日本 \u0001");
    }

    @Test
    void onlyTheUsersRowsAreBackedUp() throws IOException {
        JsonNode json = read(backup(SCHEMA, "u2", "u2.json"));
        assertThat(json.get("categories")).extracting(row -> row.get("slug").asText()).containsExactly("other");
        assertThat(json.get("products")).extracting(row -> row.get("slug").asText()).containsExactly("x");
    }

    @Test
    void aChildWhoseParentBelongsToAnotherUserIsLeftOut() throws IOException {
        JsonNode json = read(backup(SCHEMA, "u1", "u1.json"));
        assertThat(json.get("products")).extracting(row -> row.get("slug").asText())
                .containsExactlyInAnyOrder("hammer", "rake", "apple");
    }

    @Test
    void aChildWhoseParentWasFilteredOutIsLeftOut() throws IOException {
        Path file = dir.resolve("f.json");
        BackupResult result = Backups.backup(db.adapter(), SCHEMA, "u1", file, Map.of("categories", Map.of("kind", "a")), null).join();
        assertThat(result.tableCounts()).containsExactly(Map.entry("categories", 1L), Map.entry("products", 1L));
        assertThat(read(file).get("products")).extracting(row -> row.get("slug").asText()).containsExactly("hammer");
    }

    @Test
    void aNullFilterSelectsRowsWhereTheColumnIsNull() throws IOException {
        Map<String, Object> filter = new HashMap<>();
        filter.put("kind", null);
        Path file = dir.resolve("f.json");
        Backups.backup(db.adapter(), SCHEMA, "u1", file, Map.of("categories", filter), null).join();
        assertThat(read(file).get("categories")).extracting(row -> row.get("slug").asText()).containsExactly("garden");
        assertThat(read(file).get("products")).extracting(row -> row.get("slug").asText()).containsExactly("rake");
    }

    @Test
    void aListFilterSelectsRowsMatchingAnyOfItsValues() throws IOException {
        Path file = dir.resolve("f.json");
        BackupResult result = Backups.backup(db.adapter(), SCHEMA, "u1", file,
                Map.of("products", Map.of("rank", List.of(1, 3))), null).join();
        assertThat(result.tableCounts()).containsExactly(Map.entry("categories", 3L), Map.entry("products", 2L));
        assertThat(read(file).get("products")).extracting(row -> row.get("slug").asText())
                .containsExactlyInAnyOrder("hammer", "apple");
    }

    @Test
    void aFilterOnAChildTableDoesNotNarrowItsParent() throws IOException {
        Path file = dir.resolve("f.json");
        Backups.backup(db.adapter(), SCHEMA, "u1", file, Map.of("products", Map.of("slug", "rake")), null).join();
        assertThat(read(file).get("categories")).hasSize(3);
        assertThat(read(file).get("products")).hasSize(1);
    }

    @Test
    void aFilterOnAnUnknownColumnIsAClearErrorAndNoFileAppears() {
        Path file = dir.resolve("f.json");
        assertThatThrownBy(() -> Backups.backup(db.adapter(), SCHEMA, "u1", file, Map.of("products", Map.of("colour", "red")), null).join())
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(BackupException.class).hasMessageContaining("Table 'products' has no column 'colour'");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void extraMetadataIsMergedButCannotOverrideReservedFieldsOrCounts() throws IOException {
        Path file = dir.resolve("m.json");
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        extra.put("note", "nightly");
        extra.put("tags", List.of("a", "b"));
        extra.put("version", "9.9");
        extra.put("user_id", "mallory");
        extra.put("backup_type", "partial");
        extra.put("created_at", "1999-01-01T00:00:00");
        extra.put("products_count", 1000);
        Backups.backup(db.adapter(), SCHEMA, "u1", file, null, extra).join();
        JsonNode metadata = read(file).get("metadata");
        assertThat(metadata.get("note").asText()).isEqualTo("nightly");
        assertThat(metadata.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(metadata.get("version").asText()).isEqualTo("1.1");
        assertThat(metadata.get("user_id").asText()).isEqualTo("u1");
        assertThat(metadata.get("created_at").asText()).isNotEqualTo("1999-01-01T00:00:00");
        assertThat(metadata.get("products_count").asLong()).isEqualTo(3);
        assertThat(metadata.get("backup_type").asText()).as("backup_type may be set by the caller").isEqualTo("partial");
    }

    @Test
    void metadataHoldsTheRowCountsOfEveryTableIncludingZero() throws IOException {
        JsonNode metadata = read(backup(SCHEMA, "nobody", "empty.json")).get("metadata");
        assertThat(metadata.get("categories_count").asLong()).isZero();
        assertThat(metadata.get("products_count").asLong()).isZero();
        assertThat(metadata.get("user_id").asText()).isEqualTo("nobody");
        assertThat(metadata.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?");
    }

    @Test
    void theResultCountsMatchTheFile() throws IOException {
        Path file = dir.resolve("u1.json");
        BackupResult result = Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null).join();
        JsonNode json = read(file);
        assertThat(result.tableCounts()).containsExactly(Map.entry("categories", (long) json.get("categories").size()),
                Map.entry("products", (long) json.get("products").size()));
        assertThat(result.totalRows()).isEqualTo(6);
        assertThat(result.path()).isEqualTo(file);
    }

    @Test
    void aBackupIsValidAgainstItsOwnSchema() {
        BackupCheck result = Backups.validateBackup(backup(SCHEMA, "u1", "u1.json"), SCHEMA);
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void aFailedBackupLeavesAnExistingFileAtTheFinalPathIntactAndNoTempFiles() throws IOException {
        Path file = Files.writeString(dir.resolve("keep.json"), "previous backup");
        BackupSchema broken = BackupSchema.of(TableDef.of("categories"), TableDef.of("no_such_table"));
        assertThatThrownBy(() -> Backups.backup(db.adapter(), broken, "u1", file, null, null).join())
                .isInstanceOf(CompletionException.class);
        assertThat(Files.readString(file)).isEqualTo("previous backup");
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()).toList()).containsExactly("keep.json");
        }
    }

    @Test
    void aSuccessfulBackupReplacesAnExistingFileAndLeavesNoTempFiles() throws IOException {
        Path file = Files.writeString(dir.resolve("keep.json"), "previous backup");
        Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null).join();
        assertThat(read(file).get("categories")).hasSize(3);
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()).toList()).containsExactly("keep.json");
        }
    }

    @Test
    void missingOutputDirectoriesAreCreated() throws IOException {
        Path file = dir.resolve("a/b/c/out.json");
        Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null).join();
        assertThat(read(file).get("metadata").get("version").asText()).isEqualTo("1.1");
    }

    @Test
    void aGzOutputIsReadableByGunzip() throws Exception {
        Path file = backup(SCHEMA, "u1", "u1.json.gz");
        Process gunzip = new ProcessBuilder("gunzip", "-c", file.toString()).redirectErrorStream(true).start();
        String text = new String(gunzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gunzip.waitFor()).isZero();
        JsonNode json = ValueCodec.JSON.readTree(text);
        assertThat(json.get("products")).hasSize(3);
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 2);
        assertThat(head).containsExactly(0x1f, 0x8b);
    }

    @Test
    void thePlainOutputIsNotCompressed() throws IOException {
        Path file = backup(SCHEMA, "u1", "u1.json");
        assertThat(Files.readString(file)).startsWith("{\"metadata\":{\"created_at\":");
    }

    @Test
    void theDefaultPathIsUnderBackupsNamedByProfileAndTime() {
        assertThat(Backups.defaultPath("prod").toString()).matches("backups/prod-\\d{8}-\\d{6}\\.json");
        assertThat(Backups.defaultPath(null).toString()).matches("backups/backup-\\d{8}-\\d{6}\\.json");
        assertThat(Backups.defaultPath("  ").toString()).matches("backups/backup-\\d{8}-\\d{6}\\.json");
    }

    @Test
    void aFilterForATableOutsideTheSchemaIsRejectedBeforeTouchingTheDatabase() {
        Path file = dir.resolve("x.json");
        assertThatThrownBy(() -> Backups.backup(db.adapter(), SCHEMA, "u1", file, Map.of("reviews", Map.of("a", 1)), null))
                .isInstanceOf(BackupException.class).hasMessageContaining("'reviews'");
        assertThat(Files.exists(file)).isFalse();
    }
}
