package io.firebreak.server.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The named parameters of a statement ({@code :name}) and its positional ones ({@code ?}), found by
 * a scan of its characters, with the rules of JDBI's own colon-prefix parser: text in single quotes
 * (with {@code \'} inside), in double quotes and in {@code /* *}{@code /} comments is left as it is;
 * {@code ::} (a PostgreSQL cast) and {@code ??} are not parameters; a backslash makes the next
 * character plain text; a name is letters, digits, {@code _}, {@code .} and {@code ?.}.
 *
 * <p>JDBI's parser is an ANTLR lexer: in a one-shot command (an {@code incident ack}), whose JVM
 * interprets it cold for each of its dozen statements, that was 25-30 ms of a 240 ms process
 * (bench/README.md, "CLI start"). Parsed statements are kept, the last {@value #KEPT} of them.
 */
final class ColonParameters implements SqlParser {
    /** As many statements as JDBI's own parser keeps. */
    static final int KEPT = 1_000;

    private final Map<String, ParsedSql> parsed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedSql> eldest) {
            return size() > KEPT;
        }
    };

    @Override
    public ParsedSql parse(String sql, StatementContext ctx) {
        synchronized (parsed) {
            ParsedSql known = parsed.get(sql);
            if (known != null) {
                return known;
            }
        }
        ParsedSql result = scan(sql);
        synchronized (parsed) {
            parsed.put(sql, result);
        }
        return result;
    }

    @Override
    public String nameParameter(String rawName, StatementContext ctx) {
        return ":" + rawName;
    }

    static ParsedSql scan(String sql) {
        ParsedSql.Builder out = ParsedSql.builder();
        StringBuilder text = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : 0;
            int end;
            if (c == '\'' && (end = quoted(sql, i)) > 0
                    || c == '"' && (end = sql.indexOf('"', i + 2)) > 0 && next != '"'
                    || c == '/' && next == '*' && (end = sql.indexOf("*/", i + 2) + 1) > 0) {
                text.append(sql, i, end + 1);   // quoted text, a quoted name or a comment, as it is
                i = end + 1;
            } else if (c == '\\' && i + 1 < n) {
                text.append(next);
                i += 2;
            } else if ((c == ':' || c == '?') && next == c) {
                text.append(c).append(c);
                i += 2;
            } else if (c == '?') {
                out.append(text.toString()).appendPositionalParameter();
                text.setLength(0);
                i++;
            } else if (c == ':' && (end = nameEnd(sql, i + 1)) > i + 1) {
                out.append(text.toString()).appendNamedParameter(sql.substring(i + 1, end));
                text.setLength(0);
                i = end;
            } else {
                text.append(c);
                i++;
            }
        }
        return out.append(text.toString()).build();
    }

    /** Where the single-quoted text starting at {@code start} ends (its closing quote), or -1 when it does not. */
    private static int quoted(String sql, int start) {
        for (int i = start + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\\' && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                i++;
            } else if (c == '\'') {
                return i;
            }
        }
        return -1;
    }

    /** Where the parameter name starting at {@code start} ends: {@code start} itself when there is none. */
    private static int nameEnd(String sql, int start) {
        int i = start;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
                i++;
            } else if (c == '?' && i + 1 < sql.length() && sql.charAt(i + 1) == '.') {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }
}
