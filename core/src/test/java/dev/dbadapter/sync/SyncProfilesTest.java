package dev.dbadapter.sync;

import static dev.dbadapter.sync.SyncFixture.SHOP;
import static dev.dbadapter.sync.SyncFixture.checksum;
import static dev.dbadapter.sync.SyncFixture.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.UsageException;
import dev.dbadapter.config.ProtectedProfileException;
import dev.dbadapter.factory.AdapterFactory;
import dev.dbadapter.factory.Workspace;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link Syncs#compareProfiles} and {@link Syncs#syncData} over the profiles of a {@code db.toml}. */
class SyncProfilesTest {
    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PgDatabaseExtension destination = new PgDatabaseExtension();

    @TempDir
    Path dir;

    AdapterFactory factory;

    @BeforeEach
    void setUp() throws Exception {
        SyncFixture.create(source, destination);
        Files.writeString(dir.resolve("db.toml"), SyncFixture.profiles(source, destination) + """

                [profiles.alias]
                url = "%s"
                """.formatted(source.url()));
        factory = AdapterFactory.create(new Workspace(dir, Map.of()));
    }

    @Test
    void compareProfilesGivesThePlanByProfileName() {
        SyncResult result = join(Syncs.compareProfiles(factory, "prod", "local", SHOP, "u1", null, null));

        assertThat(result.source()).isEqualTo("prod");
        assertThat(result.destination()).isEqualTo("local");
        assertThat(result.tables().get("products").newRows()).isEqualTo(3);
        assertThat(result.tables().get("products").differing()).isNull();
    }

    @Test
    void anUnreachableSourceIsAnErrorEntryNotAnException() {
        SyncResult result = join(Syncs.compareProfiles(factory, "down", "local", SHOP, "u1", null, null));

        assertThat(result.tables()).isEmpty();
        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).singleElement().asString().startsWith("Cannot reach the source database (down)");
    }

    @Test
    void anUnknownProfileIsAnErrorEntryNamingTheProfiles() {
        SyncResult result = join(Syncs.compareProfiles(factory, "prodd", "local", SHOP, "u1", null, null));

        assertThat(result.errors()).singleElement().asString().contains("'prodd' not found").contains("prod, local");
    }

    @Test
    void theSameProfileOrDatabaseOnBothSidesIsRefused() {
        assertThatThrownBy(() -> Syncs.compareProfiles(factory, "local", "local", SHOP, "u1", null, null))
                .isInstanceOf(UsageException.class).hasMessageContaining("same profile");
        assertThatThrownBy(() -> Syncs.compareProfiles(factory, "prod", "alias", SHOP, "u1", null, null))
                .isInstanceOf(UsageException.class).hasMessageContaining("same database");
    }

    @Test
    void aProtectedDestinationIsRefusedUnlessAllowed() {
        String before = checksum(destination, "products", "true");
        SyncOptions options = SyncOptions.of(SHOP, "u1").withBackupSchema(SyncFixture.SCHEMA).confirmed();

        assertThatThrownBy(() -> Syncs.syncData(factory, "prod", "guarded", options))
                .isInstanceOf(ProtectedProfileException.class);
        assertThat(checksum(destination, "products", "true")).isEqualTo(before);
        // reading is never blocked
        assertThat(join(Syncs.compareProfiles(factory, "prod", "guarded", options)).ok()).isTrue();

        SyncResult allowed = join(Syncs.syncData(factory, "prod", "guarded", options.withAllowProtected(true)));
        assertThat(allowed.totalInserted()).isEqualTo(4);
    }
}
