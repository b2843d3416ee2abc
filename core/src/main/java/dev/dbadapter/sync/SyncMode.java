package dev.dbadapter.sync;

import java.util.Arrays;
import java.util.Locale;

/** What a sync does with rows whose slug is on both sides. */
public enum SyncMode {
    /** Inserts the source rows whose slug the destination lacks and leaves existing rows as they are. */
    SKIP,
    /** Also updates the existing rows whose content differs from the source's. */
    OVERWRITE;

    /**
     * Reads a mode in any case ({@code skip}, {@code OVERWRITE}).
     *
     * @throws IllegalArgumentException naming the modes when {@code text} is none of them
     */
    public static SyncMode parse(String text) {
        return Arrays.stream(values()).filter(mode -> mode.name().equalsIgnoreCase(text == null ? "" : text.strip()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("Unknown sync mode '" + text
                        + "': use skip or overwrite"));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
