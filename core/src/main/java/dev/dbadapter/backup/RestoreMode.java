package dev.dbadapter.backup;

import java.util.Locale;

/** What a restore does with a row that already exists (same slug, user and parent). */
public enum RestoreMode {
    /** Keep the existing row (the default). */
    SKIP,
    /** Update the existing row from the backup. */
    OVERWRITE,
    /** Abort the whole restore and roll everything back. */
    FAIL;

    /**
     * Parses {@code skip}, {@code overwrite} or {@code fail}, in any case.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static RestoreMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown restore mode '" + text + "': use skip, overwrite or fail");
        }
    }
}
