package io.firebreak.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad recovery configuration is reported with file, line and field; a looser RPO than the tier's is a warning. */
class RecoveryConfigTest {
    @TempDir
    Path dir;

    private ConfigLoader.Result load(String yaml) throws Exception {
        Path file = dir.resolve("firebreak.yml");
        Files.writeString(file, yaml);
        return new ConfigLoader(name -> null, dir).loadFile(file);
    }

    private static List<String> lines(List<ConfigError> errors) {
        return errors.stream().map(e -> e.file() + ":" + e.line() + " " + e.path() + ": " + e.message()).toList();
    }

    @Test
    void unknownTiersAndSourceTypesAreErrorsWithTheirLine() throws Exception {
        var result = load("""
                tiers:
                  - {tier: 1, name: critical, rto: 1h, rpo: 15m}
                services:
                  - {name: agente-api, tier: 3}
                backups:
                  - name: db
                    tier: 9
                    source: {type: ftp}
                  - name: wal
                    rpo: 5m
                    source: {type: command}
                    verify:
                      restore: ["true"]
                      database: {url: "jdbc:postgresql://127.0.0.1/scratch"}
                      checks: [{sql: "select 1", expect: "lots"}]
                """);
        assertThat(result).isInstanceOf(ConfigLoader.Result.Invalid.class);
        assertThat(lines(((ConfigLoader.Result.Invalid) result).errors())).containsExactlyInAnyOrder(
                "firebreak.yml:4 services[0].tier: unknown tier 3 (tiers: [1])",
                "firebreak.yml:7 backups[0].tier: unknown tier 9 (tiers: [1])",
                "firebreak.yml:6 backups[0]: no RPO: set rpo:, tier:, or a service: whose tier is in tiers:",
                "firebreak.yml:8 backups[0].source.type: unknown source type 'ftp' (use file, prometheus, command, postgres_wal)",
                "firebreak.yml:11 backups[1].source.command: a command source needs command: [program, args...] printing a timestamp",
                "firebreak.yml:15 backups[1].verify.checks[0].expect: cannot read expect: 'lots' (use e.g. \">= 1\", \"> 100\", \"== 0\", \"younger than rpo\", \"younger than 2h\")");
    }

    @Test
    void anRpoLongerThanTheTierAllowsIsAWarning() throws Exception {
        var result = load("""
                tiers:
                  - {tier: 1, name: critical, rto: 1h, rpo: 15m}
                services:
                  - {name: agente-api, tier: 1}
                backups:
                  - name: db
                    service: agente-api
                    rpo: 1h
                    source: {type: file, path: /var/backups/*.dump}
                """);
        assertThat(result).isInstanceOf(ConfigLoader.Result.Loaded.class);
        assertThat(lines(((ConfigLoader.Result.Loaded) result).warnings()))
                .containsExactly("firebreak.yml:8 backups[0].rpo: RPO 1h is longer than tier 1 allows (15m)");
        var target = BackupTargets.from(((ConfigLoader.Result.Loaded) result).config().config()).find("db").orElseThrow();
        assertThat(target.rpo()).hasHours(1);
        assertThat(target.tierNumber()).isEqualTo(1);
    }
}
