package dev.dbadapter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's Java examples true: each ```java block is compiled as written, and the same
 * code is run here against a real database.
 */
class ReadmeExamplesTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final List<String> IMPORTS = List.of("java.util.*", "dev.dbadapter.adapter.*",
            "dev.dbadapter.adapter.postgres.*", "dev.dbadapter.factory.*");

    @Test
    void everyJavaBlockCompiles(@TempDir Path out) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher matcher = JAVA_BLOCK.matcher(readme);
        List<JavaFileObject> sources = new ArrayList<>();
        while (matcher.find()) {
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (String line : matcher.group(1).split("\n")) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
            IMPORTS.forEach(name -> imports.append("import ").append(name).append(";\n"));
            String name = "ReadmeSnippet" + sources.size();
            String code = imports + "class " + name + " {\n  PostgresAdapter db;\n  void run() throws Exception {\n"
                    + body + "  }\n}\n";
            sources.add(new SimpleJavaFileObject(java.net.URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            });
        }
        assertThat(sources).hasSizeGreaterThanOrEqualTo(3);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringWriter diagnostics = new StringWriter();
        boolean compiled = compiler.getTask(diagnostics, null, null,
                List.of("-classpath", classpath, "-d", out.toString(), "-proc:none"), null, sources).call();
        assertThat(compiled).as(diagnostics.toString()).isTrue();
    }

    @Test
    void crudExampleRunsAsWritten() {
        createTables();
        try (PostgresAdapter db = PostgresAdapter.connect(ReadmeExamplesTest.db.url())) {
            Map<String, Object> created = db.insert("products", Map.of("slug", "hammer", "name", "Hammer")).join();
            List<Map<String, Object>> rows = db.select("products", "id, slug", Map.of("slug", List.of("hammer", "saw")), "id desc").join();
            db.update("products", Map.of("name", "Claw hammer"), Map.of("id", created.get("id"))).join();
            long count = db.count("products", Map.of()).join();
            db.execute("UPDATE products SET name = upper(name) WHERE slug = :slug", Map.of("slug", "hammer")).join();

            assertThat(rows).containsExactly(Map.of("id", created.get("id"), "slug", "hammer"));
            assertThat(count).isEqualTo(1);
        }
        assertThat(db.scalar("SELECT name FROM products WHERE slug = 'hammer'")).isEqualTo("CLAW HAMMER");
    }

    @Test
    void transactionExampleRunsAsWritten() {
        createTables();
        PostgresAdapter db = ReadmeExamplesTest.db.adapter();
        long total = db.transaction(tx ->
                tx.insert("categories", Map.of("slug", "tools", "name", "Tools", "user_id", "u1"))
                  .thenCompose(category -> tx.insert("products",
                          Map.of("slug", "saw", "name", "Saw", "category_id", category.get("id"), "user_id", "u1")))
                  .thenCompose(product -> tx.count("products", Map.of("user_id", "u1")))).join();
        assertThat(total).isEqualTo(1);
        assertThat(ReadmeExamplesTest.db.scalar("SELECT p.category_id = c.id FROM products p JOIN categories c ON c.slug = 'tools' WHERE p.slug = 'saw'"))
                .isEqualTo(true);
    }

    private static void createTables() {
        db.sql("""
                DROP TABLE IF EXISTS products, categories;
                CREATE TABLE categories (id serial PRIMARY KEY, slug text, name text, user_id text);
                CREATE TABLE products (id serial PRIMARY KEY, slug text UNIQUE, name text, category_id int, user_id text);
                """);
    }
}
