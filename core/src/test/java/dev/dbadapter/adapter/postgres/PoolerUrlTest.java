package dev.dbadapter.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A URL pointing at Supabase's transaction-mode pooler (port 6543) gets {@code prepareThreshold=0}, as
 * Supabase advises for JDBC: the pooler gives each transaction another server connection, where a
 * prepared statement of the last one does not exist. Session mode (5432) and direct URLs keep pgjdbc's
 * default; a URL that sets the threshold keeps its own.
 */
class PoolerUrlTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgresql://postgres.abcd:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres"
                + " | jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres?prepareThreshold=0",
        "postgres://u@h:6543/db?sslmode=require | jdbc:postgresql://h:6543/db?sslmode=require&prepareThreshold=0",
        "jdbc:postgresql://h:6543/db | jdbc:postgresql://h:6543/db?prepareThreshold=0",
        "jdbc:postgresql://h:6543/db?sslmode=require&user=u | jdbc:postgresql://h:6543/db?sslmode=require&prepareThreshold=0",
        "postgresql://u@a:5432,b:6543/db | jdbc:postgresql://a:5432,b:6543/db?prepareThreshold=0",
        // session mode and direct connections keep the driver's default
        "postgresql://postgres.abcd:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres"
                + " | jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:5432/postgres",
        "postgresql://postgres:pw@db.abcd.supabase.co:5432/postgres | jdbc:postgresql://db.abcd.supabase.co:5432/postgres",
        "jdbc:postgresql://h:65430/db | jdbc:postgresql://h:65430/db",
        "postgresql://u@h:16543/db | jdbc:postgresql://h:16543/db"})
    void onlyTheTransactionPoolerPortTurnsServerPreparedStatementsOff(String url, String jdbc) {
        assertThat(PostgresUrl.parse(url).jdbcUrl()).isEqualTo(jdbc);
    }

    @Test
    void aThresholdTheUrlSetsIsKept() {
        assertThat(PostgresUrl.parse("postgresql://u@h:6543/db?prepareThreshold=5").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:6543/db?prepareThreshold=5");
        assertThat(PostgresUrl.parse("jdbc:postgresql://h:6543/db?prepareThreshold=3").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:6543/db?prepareThreshold=3");
    }
}
