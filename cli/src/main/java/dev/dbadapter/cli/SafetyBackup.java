package dev.dbadapter.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.internal.Identifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The copy {@code fix} writes before it rebuilds tables: every row of each table, whoever's it is,
 * since a rebuild copies every user's rows (a per-user backup would leave the others unprotected).
 * The file is shaped like a backup, {@code {"metadata": {...}, "<table>": [rows...]}}, with
 * {@code "scope": "all users"} in its metadata and no {@code user_id}.
 */
final class SafetyBackup {
    private static final JsonFactory JSON = new JsonFactory();

    private SafetyBackup() {
    }

    /** Writes every row of {@code tables} to {@code path} (complete or not at all) and returns the path. */
    static Path write(DatabaseClient client, List<String> tables, Path path, String profile) {
        return PostgresClient.require(client, "pre-fix backup").withConnection(connection -> {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path partial = path.resolveSibling(path.getFileName() + ".partial");
            try (JsonGenerator json = JSON.createGenerator(partial.toFile(), JsonEncoding.UTF8)) {
                json.writeStartObject();
                json.writeObjectFieldStart("metadata");
                json.writeStringField("backup_type", "pre-fix");
                json.writeStringField("profile", profile);
                json.writeStringField("scope", "all users");
                json.writeStringField("created_at", LocalDateTime.now().truncatedTo(ChronoUnit.MICROS).toString());
                json.writeEndObject();
                for (String table : tables) {
                    json.writeArrayFieldStart(table);
                    CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI()
                            .copyOut("COPY (SELECT row_to_json(t) FROM " + Identifiers.table(table) + " t) TO STDOUT");
                    try {
                        byte[] row;
                        while ((row = copy.readFromCopy()) != null) {
                            json.writeRawValue(unescape(row));
                        }
                    } finally {
                        if (copy.isActive()) {
                            copy.cancelCopy();
                        }
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            return Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }).join();
    }

    /**
     * Returns a COPY text-format line as the JSON it carries. JSON text has no raw tabs, newlines or
     * carriage returns, so the only escape COPY adds is a doubled backslash.
     */
    private static String unescape(byte[] line) {
        int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        return new String(line, 0, end, StandardCharsets.UTF_8).replace("\\\\", "\\");
    }
}
