package dev.dbadapter.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.backup.BackupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes of files larger than one background force: every byte in place, nothing left beside. */
class BackupFormatTest {
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 80;

    @TempDir
    Path dir;

    @Test
    void aFileOfManyForcesHoldsEveryByteInOrder() throws Exception {
        Path target = dir.resolve("big.json");
        BackupFormat.writeAtomically(target, out -> {
            byte[] chunk = new byte[CHUNK];
            for (int i = 0; i < CHUNKS; i++) {
                java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
                out.write(chunk, 0, chunk.length);
            }
        });
        assertThat(Files.size(target)).isEqualTo((long) CHUNK * CHUNKS);
        try (InputStream in = Files.newInputStream(target)) {
            for (int i = 0; i < CHUNKS; i++) {
                byte[] chunk = in.readNBytes(CHUNK);
                assertThat(chunk[0]).isEqualTo((byte) ('a' + i % 26));
                assertThat(chunk[CHUNK - 1]).isEqualTo((byte) ('a' + i % 26));
            }
        }
        assertThat(filesIn(dir)).containsExactly("big.json");
    }

    @Test
    void aFailureAfterBackgroundForcesLeavesNoFile() throws IOException {
        Path target = dir.resolve("broken.json");
        assertThatThrownBy(() -> BackupFormat.writeAtomically(target, out -> {
            out.write(new byte[40 * CHUNK], 0, 40 * CHUNK);
            throw new IOException("disk full");
        })).isInstanceOf(BackupException.class).hasMessageContaining("disk full");
        assertThat(filesIn(dir)).isEmpty();
    }

    private static java.util.List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
