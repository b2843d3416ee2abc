package dev.dbadapter.adapter.supabase.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.internal.Filter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgREST's URL grammar for filters and query strings, without a server. */
class FilterQueryTest {
    static List<QueryParam> params(Map<String, ?> filters) {
        return FilterQuery.params(Filter.of(filters));
    }

    @Test
    void eachConditionIsOneParameterWithTheNameDoubleQuoted() {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("slug", "a,b.c (d) null");
        filters.put("deleted_at", null);
        filters.put("price", new BigDecimal("1E+3"));
        assertThat(params(filters)).containsExactly(
                new QueryParam("\"slug\"", "eq.a,b.c (d) null"),
                new QueryParam("\"deleted_at\"", "is.null"),
                new QueryParam("\"price\"", "eq.1000"));
        assertThat(FilterQuery.params(Filter.NONE)).isEmpty();
    }

    @Test
    void anyOfQuotesEveryValueEscapingBackslashAndQuoteAndLeavesOutNull() {
        assertThat(params(Map.of("tag", Arrays.asList("a,b", "say \"hi\"", "back\\slash", null, "null", 7))))
                .containsExactly(new QueryParam("\"tag\"",
                        "in.(\"a,b\",\"say \\\"hi\\\"\",\"back\\\\slash\",\"null\",\"7\")"));
        assertThat(params(Map.of("tag", List.of()))).containsExactly(new QueryParam("\"tag\"", "in.()"));
    }

    @Test
    void greaterThanIsTheKeysetCondition() {
        assertThat(FilterQuery.greaterThan("id", 41L)).isEqualTo(new QueryParam("\"id\"", "gt.41"));
        assertThat(FilterQuery.greaterThan("Shop Id", "b\"")).isEqualTo(new QueryParam("\"Shop Id\"", "gt.b\""));
    }

    @Test
    void aNameWithADoubleQuoteCannotBeExpressedAndSaysWhatToUseInstead() {
        assertThat(FilterQuery.name("Shop Items")).isEqualTo("\"Shop Items\"");
        assertThatThrownBy(() -> FilterQuery.name("odd\"name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Name 'odd\"name' holds a double quote, which the Supabase REST API (PostgREST) cannot"
                        + " express; use a direct PostgreSQL URL for it");
    }

    @Test
    void theQueryStringPercentEncodesNamesAndValuesWithSpacesAsPercentTwenty() {
        assertThat(QueryParam.queryString(List.of())).isEmpty();
        assertThat(QueryParam.queryString(List.of(new QueryParam("select", "*"),
                new QueryParam("\"a b\"", "eq.x&y=z+é"))))
                .isEqualTo("?select=*&%22a%20b%22=eq.x%26y%3Dz%2B%C3%A9");
        assertThat(QueryParam.encode("a b+c")).isEqualTo("a%20b%2Bc");
    }
}
