package dev.dbadapter.cli;

import dev.dbadapter.adapter.Provider;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import dev.dbadapter.factory.ResolvedProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code db-adapter} subcommand has: the root command it runs under (global options,
 * configuration, profiles, connections) and its own spec (its output streams). A subcommand returns
 * its exit code from {@link #call()}.
 */
abstract class Subcommand implements Callable<Integer> {
    @ParentCommand
    DbAdapterCommand root;

    @Spec
    CommandSpec spec;

    /** Returns the output helper over this command's streams, in JSON mode when {@code --json} was given. */
    Output output() {
        return root.output(spec);
    }

    /**
     * Refuses a command that works on the schema for a profile without a direct PostgreSQL connection
     * (a Supabase REST profile), before anything is opened.
     *
     * @throws UnsupportedOperationForBackendException (exit 2) saying a direct PostgreSQL URL is needed
     */
    void requireDirectConnection(ResolvedProfile profile) {
        if (profile.profile().provider() == Provider.POSTGRES) {
            return;
        }
        throw new UnsupportedOperationForBackendException(spec.name(), profile.profile().provider(),
                "db-adapter " + spec.name() + " works on the schema, which needs a direct PostgreSQL URL; profile '"
                        + profile.name() + "' uses provider '" + profile.profile().provider() + "' (the REST API)",
                "add a profile with provider = \"postgres\" and the project's direct connection string (port 5432,"
                        + " or the session pooler) for schema work; 'db-adapter use " + profile.name()
                        + "' makes this profile current without checking the schema");
    }

    /**
     * Asks {@code question} on stderr and returns whether the answer is yes.
     *
     * @throws IllegalArgumentException (a usage error) when standard input is not a terminal: nobody
     *     could answer, so the command refuses at once and says {@code -y/--yes} is needed
     */
    boolean confirm(String question) throws IOException {
        if (!root.context().interactive()) {
            throw new IllegalArgumentException(spec.name() + " asks for confirmation, but standard input is not a"
                    + " terminal: pass -y/--yes to " + spec.name() + " without asking");
        }
        // stderr: a person at the terminal sees it even when stdout goes to a file or a pipe
        PrintWriter prompt = spec.commandLine().getErr();
        prompt.print(question + " [y/N]: ");
        prompt.flush();
        String answer = new BufferedReader(new InputStreamReader(root.context().input(), StandardCharsets.UTF_8)).readLine();
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }
}
