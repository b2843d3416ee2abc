package dev.dbadapter.adapter.supabase.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbadapter.adapter.ColumnInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables and columns PostgREST describes in its OpenAPI root ({@code GET /rest/v1/}): what the key's
 * role may see of the exposed schema. Columns carry PostgreSQL's type name (PostgREST's {@code format}),
 * whether they have a default, and the primary key ({@code <pk/>} in their description). PostgREST
 * leaves sequence defaults out of the document, so an integer primary key is taken to have one (a
 * {@code serial} or identity column, as Supabase's table editor makes them). Generated columns are not
 * marked in the document and are described as plain ones.
 *
 * @param tables the tables (and views) by name, in the document's order
 */
public record ApiSchema(Map<String, Table> tables) {
    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    /**
     * One table as the document describes it.
     *
     * @param columns its columns in table order
     * @param primaryKey its primary-key columns, empty when it has none (a view)
     */
    public record Table(List<ColumnInfo> columns, List<String> primaryKey) {
        /** Returns column name to SQL type. */
        public Map<String, String> types() {
            Map<String, String> types = new LinkedHashMap<>();
            columns.forEach(column -> types.put(column.name(), column.type()));
            return types;
        }
    }

    /** Copies the map. */
    public ApiSchema {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** Reads the OpenAPI (Swagger 2.0) document PostgREST serves at its root. */
    public static ApiSchema read(JsonNode document) {
        Map<String, Table> tables = new LinkedHashMap<>();
        document.path("definitions").properties().forEach(definition -> {
            List<ColumnInfo> columns = new ArrayList<>();
            List<String> primaryKey = new ArrayList<>();
            definition.getValue().path("properties").properties().forEach(property -> {
                JsonNode column = property.getValue();
                String type = column.path("format").asText(column.path("type").asText("text"));
                if (column.path("type").asText().equals("array") && !type.endsWith("[]")) {
                    type = column.path("items").path("type").asText("text") + "[]";
                }
                boolean key = column.path("description").asText().contains("<pk/>");
                boolean sequence = key && INTEGER_TYPES.contains(type);
                columns.add(new ColumnInfo(property.getKey(), type, column.has("default") || sequence, false));
                if (key) {
                    primaryKey.add(property.getKey());
                }
            });
            tables.put(definition.getKey(), new Table(List.copyOf(columns), List.copyOf(primaryKey)));
        });
        return new ApiSchema(tables);
    }

    /** Returns the table called {@code name} (as stored), or {@code null} when the role sees none. */
    public Table table(String name) {
        return tables.get(name);
    }
}
