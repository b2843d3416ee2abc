package dev.dbadapter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the hand-written {@code CREATE TABLE} reader against JSqlParser, a full SQL grammar
 * kept as a test dependency only: wherever JSqlParser can read a table of the example schemas or of
 * the SQL the tests parse, both must find the same columns in the same order.
 */
class SchemaFileCrossCheckTest {
    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"[ \\t]*\\R(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u+(\\p{XDigit}{4})");
    private static final Pattern MENTIONS_CREATE_TABLE = Pattern.compile("(?i)\\bCREATE\\s+(?:\\w+\\s+)?TABLE\\b");

    /** A table both readers were asked about. */
    private record Checked(String where, String table, List<String> ours, List<String> theirs) {
    }

    @Test
    void everyExampleTableReadsTheSameAsWithJSqlParser() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.walk(projectRoot().resolve("examples"))) {
            examples = files.filter(path -> path.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            SchemaFile file = SchemaFile.read(example);
            List<Checked> checked = crossCheck(example.toString(), file);
            // no table of an example may escape the check: JSqlParser must read them all
            assertThat(checked).extracting(Checked::table).containsExactlyElementsOf(file.tables().keySet());
            assertThat(checked).allSatisfy(table -> assertThat(table.theirs()).as(table.toString())
                    .containsExactlyElementsOf(table.ours()));
        }
    }

    @Test
    void everyTableTheTestsParseReadsTheSameAsWithJSqlParserWhereItCanReadIt() throws IOException {
        Path root = projectRoot();
        List<Checked> checked = new ArrayList<>();
        int schemas = 0;
        for (Path source : javaSources(root.resolve("core/src/test/java"), root.resolve("cli/src/test/java"))) {
            for (String sql : sqlLiterals(Files.readString(source))) {
                SchemaFile file;
                try {
                    file = SchemaFile.parse(sql);
                } catch (SchemaFileException expected) {
                    // tests of errors feed broken SQL on purpose, and formats with placeholders are not SQL yet
                    continue;
                }
                schemas++;
                checked.addAll(crossCheck(root.relativize(source).toString(), file));
            }
        }
        assertThat(schemas).as("schemas found in the tests").isGreaterThan(100);
        assertThat(checked).as("tables JSqlParser could read").hasSizeGreaterThan(200);
        assertThat(checked).filteredOn(table -> !table.theirs().equals(table.ours())).isEmpty();
    }

    /** Returns the tables of {@code file} that JSqlParser can read, with both readings of their columns. */
    private static List<Checked> crossCheck(String where, SchemaFile file) {
        List<Checked> checked = new ArrayList<>();
        for (SchemaFile.TableDefinition table : file.tables().values()) {
            Statement statement;
            try {
                statement = CCJSqlParserUtil.parse(table.createSql());
            } catch (JSQLParserException | RuntimeException unsupported) {
                continue;
            }
            if (statement instanceof CreateTable create && create.getColumnDefinitions() != null) {
                List<String> theirs = create.getColumnDefinitions().stream()
                        .map(ColumnDefinition::getColumnName).map(SchemaFileCrossCheckTest::fold).toList();
                checked.add(new Checked(where + ", line " + table.line() + " of its SQL", table.key(),
                        List.copyOf(table.columns().keySet()), theirs));
            }
        }
        return checked;
    }

    /** Returns the text blocks and string literals of a Java source that mention {@code CREATE TABLE}. */
    private static List<String> sqlLiterals(String java) {
        List<String> literals = new ArrayList<>();
        StringBuilder outsideBlocks = new StringBuilder();
        Matcher block = TEXT_BLOCK.matcher(java);
        int last = 0;
        while (block.find()) {
            literals.add(unescape(block.group(1).stripIndent()));
            outsideBlocks.append(java, last, block.start());
            last = block.end();
        }
        outsideBlocks.append(java, last, java.length());
        Matcher literal = STRING_LITERAL.matcher(outsideBlocks);
        while (literal.find()) {
            literals.add(unescape(literal.group(1)));
        }
        return literals.stream().filter(text -> MENTIONS_CREATE_TABLE.matcher(text).find()).toList();
    }

    /** Returns the value of a Java literal's body: unicode escapes (which javac reads first), then the others. */
    private static String unescape(String body) {
        String unicode = UNICODE_ESCAPE.matcher(body).replaceAll(match -> Matcher.quoteReplacement(
                match.group(1) + (char) Integer.parseInt(match.group(2), 16)));
        return unicode.translateEscapes();
    }

    private static List<Path> javaSources(Path... roots) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(path -> path.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
        }
        return sources;
    }

    private static String fold(String identifier) {
        String name = identifier.strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new UncheckedIOException(new IOException("no examples/ folder above " + Path.of("").toAbsolutePath()));
        }
        return dir;
    }
}
