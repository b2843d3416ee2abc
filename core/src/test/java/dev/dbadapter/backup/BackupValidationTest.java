package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Backups#validateBackup}: one test per rule, no database. */
class BackupValidationTest {
    static final BackupSchema SCHEMA = BackupSchema.of(
            TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id")
                    .withOptionalRefs(new ForeignKey("categories", "featured_id")));

    static final String METADATA = "{\"created_at\": \"2026-11-24T12:00:00\", \"user_id\": \"u1\","
            + " \"backup_type\": \"full\", \"version\": \"1.1\"}";

    @TempDir
    Path dir;

    Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("b.json"), text);
    }

    BackupCheck validate(String text) throws Exception {
        return Backups.validateBackup(write(text), SCHEMA);
    }

    /** A file with good metadata and the given tables' JSON. */
    static String file(String categories, String products) {
        return "{\"metadata\": " + METADATA + ", \"categories\": " + categories + ", \"products\": " + products + "}";
    }

    @Test
    void aCompleteFileIsValidWithoutWarnings() throws Exception {
        BackupCheck result = validate(file("[{\"id\": 1, \"slug\": \"a\"}]",
                "[{\"id\": 2, \"slug\": \"p\", \"category_id\": 1}]"));
        assertThat(result).isEqualTo(new BackupCheck(true, java.util.List.of(), java.util.List.of()));
    }

    @Test
    void anIdThatIsAJsonObjectIsAnErrorNamingTableAndRow() throws Exception {
        BackupCheck result = validate(file("[{\"id\": {\"n\": 1}, \"slug\": \"a\"}, {\"id\": [2], \"slug\": \"b\"}]", "[]"));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).containsExactly(
                "categories[0]: primary key 'id' is a JSON object ({\"n\":1}); it must be a number or a string",
                "categories[1]: primary key 'id' is a JSON array ([2]); it must be a number or a string");
    }

    @Test
    void aSlugThatIsNotAStringIsAnErrorNamingTableAndRow() throws Exception {
        BackupCheck result = validate(file("[{\"id\": 1, \"slug\": 5}, {\"id\": \"2\", \"slug\": true}]", "[]"));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).containsExactly(
                "categories[0] (pk=1): slug field 'slug' is a number (5); it must be a string",
                "categories[1] (pk=2): slug field 'slug' is a boolean (true); it must be a string");
    }

    @Test
    void aSlugRepeatedForTheSameUserAndParentIsAnError() throws Exception {
        BackupCheck result = validate(file("[{\"id\": 1, \"slug\": \"a\"}, {\"id\": 2, \"slug\": \"b\"}]",
                "[{\"id\": 10, \"slug\": \"p\", \"category_id\": 1}, {\"id\": 11, \"slug\": \"p\", \"category_id\": 2},"
                        + " {\"id\": 12, \"slug\": \"p\", \"category_id\": 1}]"));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).containsExactly(
                "products[2] (pk=12): slug 'p' repeats products[0] (same user and category_id)");

        BackupCheck users = validate(file("[{\"id\": 1, \"slug\": \"a\", \"user_id\": \"u1\"},"
                + " {\"id\": 2, \"slug\": \"a\", \"user_id\": \"u2\"}, {\"id\": 3, \"slug\": \"a\", \"user_id\": \"u2\"}]", "[]"));
        assertThat(users.errors()).containsExactly("categories[2] (pk=3): slug 'a' repeats categories[1] (same user)");
    }

    @Test
    void aValidFileWithZeroRowsIsValid() throws Exception {
        BackupCheck result = validate(file("[]", "[]"));
        assertThat(result.valid()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void anEmptyFileIsNotValidJson() throws Exception {
        Path file = write("");
        assertThat(Backups.validateBackup(file, SCHEMA).errors())
                .containsExactly("Backup file " + file + " is not valid JSON: the file is empty");
    }

    @Test
    void aFileOfOnlyWhitespaceIsNotValidJson() throws Exception {
        assertThat(validate("  \n\t ").errors()).singleElement().asString().contains("is not valid JSON");
    }

    @Test
    void textThatIsNotJsonIsAnErrorWithItsPosition() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA + ",\n oops}");
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).singleElement().asString().contains("is not valid JSON at line 2");
    }

    @Test
    void aJsonArrayAtTheTopIsNotABackup() throws Exception {
        assertThat(validate("[{\"metadata\": {}}]").errors()).singleElement().asString()
                .contains("is not a backup: the top level is not a JSON object");
    }

    @Test
    void aScalarAtTheTopIsNotABackup() throws Exception {
        assertThat(validate("\"backup\"").errors()).singleElement().asString().contains("is not a backup");
    }

    @Test
    void aTruncatedFileIsAnError() throws Exception {
        String whole = file("[{\"id\": 1, \"slug\": \"a\"}]", "[{\"id\": 2, \"slug\": \"p\", \"category_id\": 1}]");
        BackupCheck result = validate(whole.substring(0, whole.length() - 10));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).singleElement().asString().contains("Unexpected end-of-input");
    }

    @Test
    void trailingDataAfterTheObjectIsAnError() throws Exception {
        assertThat(validate(file("[]", "[]") + " {}").errors()).singleElement().asString()
                .contains("there is more after the top-level object");
    }

    @Test
    void missingMetadataIsAnError() throws Exception {
        assertThat(validate("{\"categories\": [], \"products\": []}").errors())
                .containsExactly("The backup has no 'metadata'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"1.1\"", "null", "7"})
    void metadataThatIsNotAnObjectIsAnError(String metadata) throws Exception {
        BackupCheck result = validate("{\"metadata\": " + metadata + ", \"categories\": [], \"products\": []}");
        assertThat(result.valid()).isFalse();
        // present, even as null, so not missing: the error says what it must be
        assertThat(result.errors()).containsExactly("'metadata' must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"created_at", "user_id", "backup_type"})
    void eachMissingMetadataFieldIsOnlyAWarning(String field) throws Exception {
        String metadata = METADATA.replaceFirst("\"" + field + "\": \"[^\"]*\",?", "");
        BackupCheck result = validate("{\"metadata\": " + metadata + ", \"categories\": [], \"products\": []}");
        assertThat(result.valid()).as(metadata).isTrue();
        assertThat(result.warnings()).containsExactly("Metadata field '" + field + "' is missing");
    }

    @Test
    void aNullMetadataFieldCountsAsMissing() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA.replace("\"u1\"", "null")
                + ", \"categories\": [], \"products\": []}");
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).containsExactly("Metadata field 'user_id' is missing");
    }

    @Test
    void aMissingVersionIsAWarningNotAnError() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA.replace(", \"version\": \"1.1\"", "")
                + ", \"categories\": [], \"products\": []}");
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).containsExactly("Metadata field 'version' is missing");
    }

    @Test
    void theNumber11IsNotTheVersionString() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA.replace("\"1.1\"", "1.1")
                + ", \"categories\": [], \"products\": []}");
        assertThat(result.errors()).containsExactly("Unsupported backup version 1.1, not a string (expected \"1.1\")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1.0\"", "\"2.0\"", "\"1.1.0\"", "\"\"", "1.0", "11", "true"})
    void aVersionOtherThanTheString11IsAnError(String version) throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA.replace("\"1.1\"", version)
                + ", \"categories\": [], \"products\": []}");
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).singleElement().asString()
                .startsWith("Unsupported backup version").contains("(expected ").contains("1.1");
    }

    @Test
    void aMissingTableKeyIsAnErrorNamingTheTable() throws Exception {
        assertThat(validate("{\"metadata\": " + METADATA + ", \"categories\": []}").errors())
                .containsExactly("Table 'products' is missing from the backup");
    }

    @Test
    void everyMissingTableIsListed() throws Exception {
        assertThat(validate("{\"metadata\": " + METADATA + "}").errors())
                .containsExactly("Table 'categories' is missing from the backup", "Table 'products' is missing from the backup");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "\"rows\"", "null", "3"})
    void aTableValueThatIsNotAnArrayIsAnError(String value) throws Exception {
        BackupCheck result = validate(file(value, "[]"));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).contains("Table 'categories' must be a JSON array of rows");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"a\"", "[1, \"a\"]", "null"})
    void aRowThatIsNotAnObjectIsAnError(String row) throws Exception {
        BackupCheck result = validate(file("[{\"id\": 1, \"slug\": \"a\"}, " + row + "]", "[]"));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).contains("categories[1]: a row must be a JSON object");
    }

    @Test
    void aRowWithoutItsPrimaryKeyIsAnError() throws Exception {
        assertThat(validate(file("[{\"slug\": \"a\"}]", "[]")).errors())
                .containsExactly("categories[0]: row has no primary key 'id'");
    }

    @Test
    void aNullPrimaryKeyIsAnError() throws Exception {
        assertThat(validate(file("[{\"id\": null, \"slug\": \"a\"}]", "[]")).errors())
                .containsExactly("categories[0]: row has no primary key 'id'");
    }

    @Test
    void anEmptyStringPrimaryKeyIsAnError() throws Exception {
        assertThat(validate(file("[{\"id\": \"\", \"slug\": \"a\"}]", "[]")).errors())
                .containsExactly("categories[0]: row has no primary key 'id' (it is empty)");
    }

    @Test
    void aZeroPrimaryKeyIsAKey() throws Exception {
        assertThat(validate(file("[{\"id\": 0, \"slug\": \"a\"}]", "[]")).valid()).isTrue();
    }

    @Test
    void aCustomPrimaryKeyColumnIsTheOneChecked() throws Exception {
        BackupSchema schema = BackupSchema.of(TableDef.of("tags").withColumns("code", "label", "owner"));
        Path file = write("{\"metadata\": " + METADATA + ", \"tags\": [{\"id\": 1, \"label\": \"x\"}, {\"code\": \"T\", \"slug\": \"y\"}]}");
        assertThat(Backups.validateBackup(file, schema).errors()).containsExactly(
                "tags[0]: row has no primary key 'code'", "tags[1]: row has no slug field 'label'");
    }

    @Test
    void aRowWithoutItsSlugIsAnError() throws Exception {
        assertThat(validate(file("[{\"id\": 1}]", "[]")).errors())
                .containsExactly("categories[0]: row has no slug field 'slug'");
    }

    @Test
    void aNullSlugCountsAsPresent() throws Exception {
        assertThat(validate(file("[{\"id\": 1, \"slug\": null}]", "[]")).valid()).isTrue();
    }

    @Test
    void anOrphanedChildIsAWarningAndTheFileStaysValid() throws Exception {
        BackupCheck result = validate(file("[{\"id\": 1, \"slug\": \"a\"}]",
                "[{\"id\": 5, \"slug\": \"p\", \"category_id\": 2}]"));
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).containsExactly(
                "products[0] (pk=5): orphaned row, its parent category_id=2 is not in 'categories'");
    }

    @Test
    void aChildWithoutAParentFieldIsAnOrphan() throws Exception {
        BackupCheck result = validate(file("[{\"id\": 1, \"slug\": \"a\"}]", "[{\"id\": 5, \"slug\": \"p\"}]"));
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).containsExactly(
                "products[0] (pk=5): orphaned row, its parent category_id=null is not in 'categories'");
    }

    @Test
    void aStringParentIdMatchesANumericPrimaryKey() throws Exception {
        BackupCheck result = validate(file("[{\"id\": 1, \"slug\": \"a\"}]",
                "[{\"id\": 5, \"slug\": \"p\", \"category_id\": \"1\"}]"));
        assertThat(result.warnings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 11, 25})
    void moreThanTenOrphansAreSummarised(int orphans) throws Exception {
        StringBuilder products = new StringBuilder("[");
        for (int i = 0; i < orphans; i++) {
            products.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"slug\": \"p").append(i)
                    .append("\", \"category_id\": 99}");
        }
        BackupCheck result = validate(file("[]", products + "]"));
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings().subList(0, 10)).allMatch(warning -> warning.endsWith(
                ": orphaned row, its parent category_id=99 is not in 'categories'"));
        assertThat(result.warnings().get(9)).startsWith("products[9] (pk=9)");
        if (orphans == 10) {
            assertThat(result.warnings()).hasSize(10);
        } else {
            assertThat(result.warnings()).hasSize(11).last().isEqualTo("products: " + (orphans - 10) + " more orphaned rows");
        }
    }

    @Test
    void anOptionalRefToAMissingRowIsNeitherErrorNorWarning() throws Exception {
        BackupCheck result = validate(file("[{\"id\": 1, \"slug\": \"a\"}]",
                "[{\"id\": 5, \"slug\": \"p\", \"category_id\": 1, \"featured_id\": 42}]"));
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void unknownTopLevelKeysAreWarnings() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA + ", \"categories\": [], \"products\": [],"
                + " \"tags\": [{\"id\": 1}], \"notes\": \"x\"}");
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).containsExactly(
                "Key 'tags' is not a table of the backup schema; it is ignored",
                "Key 'notes' is not a table of the backup schema; it is ignored");
    }

    @Test
    void theRowsOfATableGivenTwiceAreReadOnce() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA.replace("}", ", \"categories_count\": 1}")
                + ", \"categories\": [{\"id\": 1, \"slug\": \"a\"}], \"products\": [],"
                + " \"categories\": [{\"id\": 2}]}");
        assertThat(result.errors()).containsExactly("Table 'categories' appears twice in the file");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void aKeyOfFortyCharactersIsShownWholeAndALongerOneCut() throws Exception {
        String forty = "k".repeat(36) + "abcd";
        BackupCheck result = validate(file("[{\"id\": {\"k\": \"" + "v".repeat(33) + "\"}, \"slug\": \"a\"},"
                + " {\"id\": \"" + forty + "\", \"slug\": 1}, {\"id\": \"" + forty + "x\", \"slug\": 2}]", "[]"));
        assertThat(result.errors()).containsExactly(
                "categories[0]: primary key 'id' is a JSON object ({\"k\":\"" + "v".repeat(31) + "...); it must be a number or a string",
                "categories[1] (pk=" + forty + "): slug field 'slug' is a number (1); it must be a string",
                "categories[2] (pk=" + "k".repeat(36) + "a...): slug field 'slug' is a number (2); it must be a string");
    }

    @Test
    void aTableTwiceInTheFileIsAnError() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA + ", \"categories\": [], \"products\": [],"
                + " \"categories\": []}");
        assertThat(result.errors()).contains("Table 'categories' appears twice in the file");
    }

    @Test
    void metadataAfterTheTablesIsAccepted() throws Exception {
        BackupCheck result = validate("{\"categories\": [{\"id\": 1, \"slug\": \"a\"}], \"products\": [],"
                + " \"metadata\": " + METADATA + "}");
        assertThat(result.valid()).isTrue();
    }

    @Test
    void aWrongTableCountInMetadataIsAWarning() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA.replace("}", ", \"categories_count\": 3}")
                + ", \"categories\": [{\"id\": 1, \"slug\": \"a\"}], \"products\": []}");
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).containsExactly("Metadata says categories_count=3 but the file holds 1 rows");
    }

    /** A file whose categories are {@code n} rows without a primary key: one error each. */
    static String rowsWithoutKeys(int n) {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"slug\": \"s").append(i).append("\"}");
        }
        return file(rows + "]", "[]");
    }

    @Test
    void aHundredErrorsAreAllListed() throws Exception {
        BackupCheck result = validate(rowsWithoutKeys(100));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).hasSize(100).last().isEqualTo("categories[99]: row has no primary key 'id'");
    }

    @Test
    void errorsBeyondAHundredAreCounted() throws Exception {
        BackupCheck result = validate(rowsWithoutKeys(101));
        assertThat(result.errors()).hasSize(101).endsWith("categories[99]: row has no primary key 'id'",
                "... and 1 more errors");
        assertThat(validate(rowsWithoutKeys(300)).errors()).hasSize(101).last().isEqualTo("... and 200 more errors");
    }

    /** A valid file with {@code n} keys that are no table of the schema: one warning each. */
    static String unknownKeys(int n) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < n; i++) {
            keys.append(", \"extra").append(i).append("\": []");
        }
        return "{\"metadata\": " + METADATA + ", \"categories\": [], \"products\": []" + keys + "}";
    }

    @Test
    void aHundredWarningsAreAllListed() throws Exception {
        BackupCheck result = validate(unknownKeys(100));
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).hasSize(100).last()
                .isEqualTo("Key 'extra99' is not a table of the backup schema; it is ignored");
    }

    @Test
    void warningsBeyondAHundredAreCounted() throws Exception {
        BackupCheck result = validate(unknownKeys(102));
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).hasSize(101).endsWith(
                "Key 'extra99' is not a table of the backup schema; it is ignored", "... and 2 more warnings");
    }

    @Test
    void aChildTableBeforeItsParentIsAWarningAndItsRowsAreNotCalledOrphans() throws Exception {
        BackupCheck result = validate("{\"metadata\": " + METADATA
                + ", \"products\": [{\"id\": 5, \"slug\": \"p\", \"category_id\": 99}],"
                + " \"categories\": [{\"id\": 1, \"slug\": \"a\"}]}");
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).containsExactly(
                "Table 'products' comes before its parent 'categories' in the file; orphaned rows were not checked");
    }

    @Test
    void aGzippedFileIsValidated() throws Exception {
        Path file = dir.resolve("b.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(file("[{\"id\": 1, \"slug\": \"a\"}]", "[{\"slug\": \"p\", \"category_id\": 1}]")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Backups.validateBackup(file, SCHEMA).errors()).containsExactly("products[0]: row has no primary key 'id'");
    }

    @Test
    void aCorruptGzipFileIsAnError() throws Exception {
        Path file = dir.resolve("b.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(file("[]", "[]").getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        BackupCheck result = Backups.validateBackup(file, SCHEMA);
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).singleElement().asString().contains(file.toString());
    }

    @Test
    void gzipIsRecognisedByContentNotByName() throws Exception {
        Path plainNamedGz = Files.writeString(dir.resolve("plain.json.gz"), file("[{\"id\": 1}]", "[]"));
        assertThat(Backups.validateBackup(plainNamedGz, SCHEMA).errors())
                .containsExactly("categories[0]: row has no slug field 'slug'");
        Path gzippedNamedJson = dir.resolve("packed.json");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzippedNamedJson))) {
            out.write(file("[{\"id\": 1}]", "[]").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Backups.validateBackup(gzippedNamedJson, SCHEMA).errors())
                .containsExactly("categories[0]: row has no slug field 'slug'");
    }

    @Test
    void aDirectoryIsNotABackupFile() {
        BackupCheck result = Backups.validateBackup(dir, SCHEMA);
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).singleElement().asString().contains(dir.toString());
    }
}
