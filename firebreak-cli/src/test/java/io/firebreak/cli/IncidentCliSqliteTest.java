package io.firebreak.cli;

class IncidentCliSqliteTest extends IncidentCliContract {
    @Override
    String storageYaml() {
        return "storage:\n  url: jdbc:sqlite:./data/firebreak.db\n";
    }
}
