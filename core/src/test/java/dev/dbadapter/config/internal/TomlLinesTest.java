package dev.dbadapter.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lines of TOML headers and keys, for errors that point at the spot. */
class TomlLinesTest {
    private static final TomlLines LINES = new TomlLines("""
            top = 1
            [profiles.local]
            url = "a"
              # a comment
            "quoted key" = 2
            [ profiles . "Dev Box" ]  # trailing comment
            'url' = "b"
            [profiles.""]
            url = "c"
            [schema]\r
            file = "s.sql"\r
            url = "again"
            """);

    @Test
    void keysAndHeadersAreFoundOnTheirLines() {
        assertThat(LINES.lineOf("top")).isEqualTo(1);
        assertThat(LINES.lineOf("profiles.local")).isEqualTo(2);
        assertThat(LINES.lineOf("profiles.local.url")).isEqualTo(3);
        assertThat(LINES.lineOf("profiles.local.quoted key")).isEqualTo(5);
        assertThat(LINES.lineOf("profiles.Dev Box")).isEqualTo(6);
        assertThat(LINES.lineOf("profiles.Dev Box.url")).isEqualTo(7);
        assertThat(LINES.lineOf("profiles..url")).isEqualTo(9);
        assertThat(LINES.lineOf("schema.file")).isEqualTo(11);
        assertThat(LINES.lineOf("schema.url")).isEqualTo(12);
    }

    @Test
    void anUnknownPathFallsBackToItsNearestParentOrZero() {
        assertThat(LINES.lineOf("profiles.local.description")).isEqualTo(2);
        assertThat(LINES.lineOf("profiles.local.a.b")).isEqualTo(2);
        assertThat(LINES.lineOf("nothing.here")).isZero();
        assertThat(LINES.lineOf("")).isZero();
    }
}
