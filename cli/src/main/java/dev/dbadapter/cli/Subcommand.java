package dev.dbadapter.cli;

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
}
