package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ColonParametersTest {
    /** Statements of the kinds the store runs, and the corners of JDBI's rules. */
    static List<String> statements() {
        return List.of(
                "SELECT 1",
                "SELECT * FROM incidents WHERE id = :id",
                IncidentStore.UPDATE,
                "INSERT INTO leases (module, holder, token, expires, renewed) VALUES (:module, :holder, 1, :expires, :renewed)",
                "SELECT id FROM incidents WHERE status IN (?, ?) AND detected >= ? ORDER BY detected DESC LIMIT ?",
                "SELECT k.column1 FROM (VALUES (?), (?)) AS k",
                "SELECT CAST(:keys AS text[]), :when::bigint, x::text FROM t",
                "SELECT 'it''s :not a parameter', 'a \\' :quoted one', :after",
                "SELECT \"weird:name\", \"?\" FROM t WHERE a = :a",
                "SELECT /* :not, ? either */ :yes",
                "SELECT a ?? b, c ?| d FROM t WHERE e = ?",
                "SELECT :a.b, :c#d, :e_f9, :g?.h FROM t",
                "SELECT \\:escaped, \\? FROM t WHERE x := :y",
                "UPDATE outbox SET lease_until = :until WHERE id IN (SELECT id FROM outbox WHERE due <= :now LIMIT :limit) RETURNING *",
                "SELECT ':' || :name || '?' FROM t\nWHERE\ttab = :tab\r\n  AND (a, b) IN ((:a1, :b1))");
    }

    @ParameterizedTest
    @MethodSource("statements")
    void findsWhatJdbisOwnParserFinds(String sql) {
        ParsedSql jdbis = new ColonPrefixSqlParser().parse(sql, null);

        ParsedSql ours = new ColonParameters().parse(sql, null);

        assertThat(ours.getSql()).isEqualTo(jdbis.getSql());
        assertThat(ours.getParameters()).isEqualTo(jdbis.getParameters());
    }

    @Test
    void namedParametersBecomeQuestionMarksInOrder() {
        ParsedSql parsed = ColonParameters.scan("UPDATE t SET a = :a, b = ':b' WHERE id = :id AND x = :a");

        assertThat(parsed.getSql()).isEqualTo("UPDATE t SET a = ?, b = ':b' WHERE id = ? AND x = ?");
        assertThat(parsed.getParameters().getParameterNames()).containsExactly("a", "id", "a");
        assertThat(parsed.getParameters().isPositional()).isFalse();
    }

    @Test
    void keepsOnlyTheLastThousandStatements() {
        ColonParameters parser = new ColonParameters();
        ParsedSql first = parser.parse("SELECT :first", null);
        assertThat(parser.parse("SELECT :first", null)).isSameAs(first);

        for (int i = 0; i < ColonParameters.KEPT; i++) {
            parser.parse("SELECT :p" + i, null);
        }

        assertThat(parser.parse("SELECT :first", null)).isNotSameAs(first).isEqualTo(first);
    }
}
