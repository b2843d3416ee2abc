package dev.dbadapter.config;

import java.util.List;

/**
 * The {@code [sync]} table of {@code db.toml}.
 *
 * @param tables the tables {@code sync} copies, in order (empty when not set)
 */
public record SyncSettings(List<String> tables) {
    /** The settings when {@code [sync]} is absent. */
    public static final SyncSettings DEFAULTS = new SyncSettings(List.of());

    /** Copies the list. */
    public SyncSettings {
        tables = List.copyOf(tables);
    }
}
