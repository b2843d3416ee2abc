package dev.dbadapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.ClientClosedException;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.ProtectedProfileException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** One error root that only its named leaves can extend, each leaf with its code. */
class ErrorModelTest {

    @Test
    void theRootCanOnlyBeThrownThroughANamedLeaf() {
        assertThat(Modifier.isAbstract(DbAdapterException.class.getModifiers())).isTrue();
        for (Constructor<?> constructor : DbAdapterException.class.getDeclaredConstructors()) {
            assertThat(Modifier.isProtected(constructor.getModifiers())).as(constructor.toString()).isTrue();
        }
    }

    @Test
    void eachLeafCarriesItsCodeAndExitCode() {
        UsageException usage = new UsageException("No user id given", "pass --user-id");
        assertThat(usage.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(usage.code().exitCode()).isEqualTo(2);
        assertThat(usage.hint()).isEqualTo("pass --user-id");

        IOException disk = new IOException("disk full");
        InternalException internal = new InternalException("copy failed", disk);
        assertThat(internal.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(internal.code().exitCode()).isEqualTo(1);
        assertThat(internal).hasCause(disk);

        ClientClosedException closed = new ClientClosedException("This thing is closed", "open a new one");
        assertThat(closed.code()).isEqualTo(ErrorCode.CLOSED);
        assertThat(closed.hint()).isEqualTo("open a new one");

        ProtectedProfileException refused = new ProtectedProfileException("prod");
        assertThat(refused.code()).isEqualTo(ErrorCode.PROTECTED_PROFILE);
        assertThat(refused.code().exitCode()).isEqualTo(2);
        assertThat(refused.profile()).isEqualTo("prod");
        assertThat(refused).hasMessage("Profile 'prod' is protected: refusing to write to it");
    }

    @Test
    void aConfigErrorNotFromAFileHasNoLocation() {
        ConfigException error = new ConfigException("No backup schema given", "pass --backup-schema FILE", null);
        assertThat(error).hasMessage("No backup schema given");
        assertThat(error.file()).isNull();
        assertThat(error.line()).isZero();
        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG);
    }

    @Test
    void anUnexpectedCheckedFailureBecomesAnInternalExceptionKeepingTheCause() {
        IOException disk = new IOException("disk full");
        RuntimeException translated = SqlErrors.translate(new CompletionException(disk), null);
        assertThat(translated).isInstanceOf(InternalException.class).hasCause(disk)
                .hasMessage("java.io.IOException: disk full");
    }
}
