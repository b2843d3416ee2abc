package dev.dbadapter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value is hashed as itself only where its type is the same on both sides and equal values of it
 * always have equal text, or it is jsonb (equal as PostgreSQL compares it); anything else is hashed
 * as its text.
 */
class SyncTableTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "smallint | hashint8extended(t.x::bigint, 5)",
        "integer | hashint8extended(t.x::bigint, 5)",
        "bigint | hashint8extended(t.x::bigint, 5)",
        "boolean | hashint4extended(t.x::integer, 5)",
        "uuid | uuid_hash_extended(t.x, 5)",
        "timestamp with time zone | timestamp_hash_extended(t.x AT TIME ZONE 'UTC', 5)",
        "timestamp(3) with time zone | timestamp_hash_extended(t.x AT TIME ZONE 'UTC', 5)",
        "timestamp without time zone | timestamp_hash_extended(t.x, 5)",
        "timestamp(0) without time zone | timestamp_hash_extended(t.x, 5)",
        "numeric(10,2) | hash_numeric_extended(t.x, 5)",
        // equal numbers of an unconstrained numeric or a float can differ in their text
        "numeric | hashtextextended(t.x::text COLLATE \"C\", 5)",
        "numeric(10) | hashtextextended(t.x::text COLLATE \"C\", 5)",
        // jsonb equal as PostgreSQL compares it
        "jsonb | jsonb_hash_extended(t.x, 5)",
        "double precision | hashtextextended(t.x::text COLLATE \"C\", 5)",
        // arrays of one dimension from 1, of elements whose text follows from their value, as their elements
        "integer[] | CASE WHEN array_ndims(t.x) = 1 AND array_lower(t.x, 1) = 1 THEN hash_array_extended(t.x, 5)"
            + " ELSE hashtextextended(t.x::text COLLATE \"C\", 5) END",
        "text[] | CASE WHEN array_ndims(t.x) = 1 AND array_lower(t.x, 1) = 1 THEN hash_array_extended(t.x COLLATE \"C\", 5)"
            + " ELSE hashtextextended(t.x::text COLLATE \"C\", 5) END",
        "character varying(20)[] | CASE WHEN array_ndims(t.x) = 1 AND array_lower(t.x, 1) = 1"
            + " THEN hash_array_extended(t.x COLLATE \"C\", 5) ELSE hashtextextended(t.x::text COLLATE \"C\", 5) END",
        "numeric[] | hashtextextended(t.x::text COLLATE \"C\", 5)",
        "character(3)[] | hashtextextended(t.x::text COLLATE \"C\", 5)",
        "date | hashtextextended(t.x::text COLLATE \"C\", 5)",
        "text | hashtextextended(t.x::text COLLATE \"C\", 5)",
        // typed otherwise on each side
        "NULL | hashtextextended(t.x::text COLLATE \"C\", 5)"})
    void aValueIsHashedAsItselfOnlyWhereItsTextFollowsFromItsValue(String type, String hash) {
        assertThat(SyncTable.valueHash("t.x", type, 5)).isEqualTo("coalesce(" + hash + ", 5)");
    }
}
