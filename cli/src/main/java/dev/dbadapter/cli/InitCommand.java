package dev.dbadapter.cli;

import dev.dbadapter.UsageException;
import dev.dbadapter.factory.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code db-adapter init}: writes a commented {@code db.toml} in the working directory (never over
 * one) and keeps the lock file and the backups folder out of git.
 */
@Command(name = "init", description = "Write a commented db.toml here and add .db-profile and backups/ to .gitignore.")
final class InitCommand extends Subcommand {
    /** What {@code .gitignore} must hold: the per-checkout lock file and the backups with users' data. */
    static final List<String> IGNORED = List.of(Workspace.LOCK_FILE, BackupListing.DEFAULT_FOLDER + "/");

    @Option(names = "--url", paramLabel = "URL",
            description = "The local profile's database URL (default: ${DEFAULT-VALUE}).",
            defaultValue = "postgresql://postgres@localhost:5432/postgres")
    String url;

    @Override
    public Integer call() throws IOException {
        Output output = output();
        Path folder = root.context().workspace().directory();
        Path config = folder.resolve(Workspace.CONFIG_FILE);
        if (Files.exists(config)) {
            throw new UsageException(config + " exists already; init never overwrites it",
                    "edit it, or move it away and run init again");
        }
        Files.writeString(config, template(url), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        Path gitignore = folder.resolve(".gitignore");
        List<String> added = ignore(gitignore);
        if (output.json()) {
            output.print(new Initialised(config, gitignore, added));
            return 0;
        }
        output.success("Wrote " + config);
        output.line(added.isEmpty() ? gitignore + " already ignores " + String.join(" and ", IGNORED)
                : "Added " + String.join(" and ", added) + " to " + gitignore);
        output.line("Next: edit the url, then run 'db-adapter connect'");
        return 0;
    }

    /** The JSON document: the written file and the lines added to {@code .gitignore}. */
    record Initialised(Path config, Path gitignore, List<String> gitignoreAdded) {
    }

    /** Adds the {@link #IGNORED} lines {@code gitignore} lacks (creating it); returns those added. */
    static List<String> ignore(Path gitignore) throws IOException {
        List<String> present = Files.exists(gitignore) ? Files.readAllLines(gitignore, StandardCharsets.UTF_8) : List.of();
        List<String> added = new ArrayList<>();
        for (String line : IGNORED) {
            String bare = line.replaceAll("^/|/$", "");
            boolean there = present.stream().map(String::strip)
                    .anyMatch(existing -> existing.replaceAll("^/|/$", "").equals(bare));
            if (!there) {
                added.add(line);
            }
        }
        if (added.isEmpty()) {
            return added;
        }
        StringBuilder text = new StringBuilder();
        if (Files.exists(gitignore)) {
            String existing = Files.readString(gitignore, StandardCharsets.UTF_8);
            if (!existing.isEmpty() && !existing.endsWith("\n")) {
                text.append('\n');
            }
        }
        text.append("# db-adapter: the current profile is per checkout; backups hold users' data\n");
        added.forEach(line -> text.append(line).append('\n'));
        Files.writeString(gitignore, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return added;
    }

    /** Returns the commented {@code db.toml} with {@code url} for the local profile. */
    static String template(String url) {
        return """
                # db-adapter configuration. Strings may use ${VAR} and ${VAR:-default} from the environment,
                # so secrets need not live in this file. Paths are relative to this file's folder.

                # One [profiles.NAME] table per database. The current profile is DB_PROFILE, else the
                # .db-profile file that a successful 'db-adapter connect' writes.
                [profiles.local]
                url = "%s"
                description = "Local development"
                # provider = "postgres"             # or "supabase"
                # db_password = "${DB_PASSWORD}"    # replaces [YOUR-PASSWORD] in url, URL-encoded
                # protected = true                  # fix --confirm and restore refuse without --allow-protected

                # A Supabase project over its REST API: status, backup and restore (schema work needs the
                # project's postgresql:// connection string in a postgres profile).
                # [profiles.supabase]
                # url = "https://<project-ref>.supabase.co"
                # provider = "supabase"
                # api_key = "${SUPABASE_SECRET_KEY}"  # sb_secret_... or the legacy service_role key

                [schema]
                file = "schema.sql"                 # the CREATE TABLE statements validate and fix check against
                validate_on_connect = true
                # column_defs = "column-defs.json"  # "table.column": "SQL definition" for fix's ADD COLUMN
                # backup_schema = "backup-schema.json"

                # [sync]
                # tables = ["categories", "products"]

                # [defaults]
                # user_id_env = "DEV_USER_ID"       # the variable holding the default --user-id
                """.formatted(url.replace("\\", "\\\\").replace("\"", "\\\""));
    }
}
