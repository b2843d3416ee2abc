package dev.dbadapter.cli;

import dev.dbadapter.factory.Workspace;
import java.io.InputStream;

/**
 * What the commands run against: the working directory and environment, whether the terminal shows
 * colour, and where confirmations are read from. Tests pass their own.
 *
 * @param workspace working directory and environment
 * @param colour whether output may use ANSI colour (only on a terminal)
 * @param input where answers to confirmation prompts come from
 * @param interactive whether {@code input} is a terminal a person answers at; when not, a command that
 *     would ask refuses instead (a script must say {@code -y})
 * @param progress whether progress bars may be drawn on stderr (it is a terminal)
 */
public record CliContext(Workspace workspace, boolean colour, InputStream input, boolean interactive,
        boolean progress) {
    /** A context whose {@code input} is answered as a person would answer it, with no progress bars. */
    public CliContext(Workspace workspace, boolean colour, InputStream input) {
        this(workspace, colour, input, true, false);
    }
}
