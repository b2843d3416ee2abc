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
 */
public record CliContext(Workspace workspace, boolean colour, InputStream input) {
}
