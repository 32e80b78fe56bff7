package io.firebreak.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Many rows of one table written with a few statements instead of one statement a row: an
 * evaluation in which 100,000 alerts change state at once is a handful of round trips, not
 * 100,000. PostgreSQL gets every row in one statement, as one array a column unnested
 * ({@code INSERT ... SELECT * FROM unnest(?::text[], ...)}); SQLite gets multi-row {@code VALUES}
 * in chunks within its limit of bound parameters (measured against a prepared batch and against
 * one JSON document a chunk taken apart by {@code json_each}: 10-15% less CPU than the first,
 * half that of the second). Both run inside the caller's transaction.
 */
final class RowBatch {
    /** SQLite refuses a statement with more bound parameters than 32,766; stay well under it. */
    private static final int SQLITE_PARAMETERS = 30_000;
    /** And more rows than this in one statement buy nothing but a longer parse. */
    private static final int SQLITE_ROWS = 1_000;

    /** A column and the type its values are bound as ({@link Types}); the PostgreSQL array type follows from it. */
    record Column(String name, int sqlType) {
        String arrayType() {
            return switch (sqlType) {
                case Types.BIGINT -> "int8";
                case Types.INTEGER -> "int4";
                case Types.VARCHAR -> "text";
                default -> throw new IllegalArgumentException("no array type for SQL type " + sqlType + " of " + name);
            };
        }
    }

    static Column text(String name) {
        return new Column(name, Types.VARCHAR);
    }

    static Column bigint(String name) {
        return new Column(name, Types.BIGINT);
    }

    static Column integer(String name) {
        return new Column(name, Types.INTEGER);
    }

    private final Database.Dialect dialect;
    private final String table;
    private final List<Column> columns;
    private final List<Object[]> rows = new ArrayList<>();
    private final boolean wide;

    RowBatch(Database.Dialect dialect, String table, List<Column> columns) {
        this(dialect, table, columns, false);
    }

    /**
     * @param wide whether values are long (kilobytes: a rule's whole alert set): then PostgreSQL
     *             gets multi-row {@code VALUES} too, since the driver writes an array parameter by
     *             escaping it a character at a time, which for 20 MB of text costs a second
     */
    RowBatch(Database.Dialect dialect, String table, List<Column> columns, boolean wide) {
        this.dialect = dialect;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.wide = wide;
    }

    /** Adds one row: a value for each column, in order; null where the column allows it. */
    RowBatch add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(table + " has " + columns.size() + " columns, not " + values.length);
        }
        rows.add(values);
        return this;
    }

    int size() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Inserts every row; {@code conflict} is appended as is ("ON CONFLICT ..." or empty). Returns the rows written. */
    int insert(Handle handle, String conflict) {
        if (rows.isEmpty()) {
            return 0;
        }
        String names = String.join(", ", columns.stream().map(Column::name).toList());
        String into = "INSERT INTO " + table + " (" + names + ") ";
        if (dialect == Database.Dialect.POSTGRESQL && !wide) {
            return arrays(handle, into + "SELECT * FROM unnest(" + arrayParameters() + ") " + conflict);
        }
        return chunks(handle, rowCount -> into + "VALUES " + valueRows(rowCount) + " " + conflict);
    }

    /** Deletes the rows whose columns all equal one added row's values (the columns are a key). */
    int delete(Handle handle) {
        if (rows.isEmpty()) {
            return 0;
        }
        String names = String.join(", ", columns.stream().map(Column::name).toList());
        if (dialect == Database.Dialect.POSTGRESQL) {
            StringBuilder match = new StringBuilder();
            for (Column column : columns) {
                match.append(match.isEmpty() ? "" : " AND ").append("t.").append(column.name()).append(" = d.").append(column.name());
            }
            return arrays(handle, "DELETE FROM " + table + " t USING unnest(" + arrayParameters() + ") AS d(" + names + ") WHERE " + match);
        }
        return chunks(handle, rowCount -> "DELETE FROM " + table + " WHERE (" + names + ") IN (VALUES " + valueRows(rowCount) + ")");
    }

    /**
     * PostgreSQL only: in one statement, updates the row that matches each added row on the
     * {@code keys} columns, setting its other columns to the added values and {@code alsoSet} (such
     * as {@code version = t.version + 1}; the table is {@code t}). Returns the first key of each row
     * that was updated, so that the caller can tell which did not match.
     */
    java.util.Set<String> update(Handle handle, List<String> keys, String alsoSet) {
        if (dialect != Database.Dialect.POSTGRESQL) {
            throw new IllegalStateException("a multi-row update of " + table + " is written for PostgreSQL");
        }
        java.util.Set<String> updated = new java.util.HashSet<>();
        if (rows.isEmpty()) {
            return updated;
        }
        StringBuilder set = new StringBuilder();
        StringBuilder match = new StringBuilder();
        for (Column column : columns) {
            if (keys.contains(column.name())) {
                match.append(match.isEmpty() ? "" : " AND ").append("t.").append(column.name()).append(" = u.").append(column.name());
            } else {
                set.append(set.isEmpty() ? "" : ", ").append(column.name()).append(" = u.").append(column.name());
            }
        }
        String names = String.join(", ", columns.stream().map(Column::name).toList());
        String sql = "UPDATE " + table + " AS t SET " + set + (alsoSet.isEmpty() ? "" : ", " + alsoSet) + " FROM unnest(" + arrayParameters()
                + ") AS u(" + names + ") WHERE " + match + " RETURNING t." + keys.get(0);
        Connection connection = handle.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindArrays(connection, statement);
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    updated.add(result.getString(1));
                }
            }
            return updated;
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }

    private String arrayParameters() {
        StringBuilder out = new StringBuilder();
        for (Column column : columns) {
            out.append(out.isEmpty() ? "" : ", ").append("?::").append(column.arrayType()).append("[]");
        }
        return out.toString();
    }

    private int arrays(Handle handle, String sql) {
        Connection connection = handle.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindArrays(connection, statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }

    /** Each column's values as one array parameter, in the order of the columns. */
    private void bindArrays(Connection connection, PreparedStatement statement) throws SQLException {
        for (int c = 0; c < columns.size(); c++) {
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = rows.get(r)[c];
            }
            statement.setArray(c + 1, connection.createArrayOf(columns.get(c).arrayType(), values));
        }
    }

    private int chunks(Handle handle, java.util.function.IntFunction<String> sql) {
        int perChunk = Math.max(1, Math.min(SQLITE_ROWS, SQLITE_PARAMETERS / columns.size()));
        int written = 0;
        PreparedStatement full = null;
        try {
            for (int from = 0; from < rows.size(); from += perChunk) {
                int count = Math.min(perChunk, rows.size() - from);
                if (count == perChunk) {
                    if (full == null) {
                        full = handle.getConnection().prepareStatement(sql.apply(perChunk));
                    }
                    written += execute(full, from, count);
                } else {
                    try (PreparedStatement last = handle.getConnection().prepareStatement(sql.apply(count))) {
                        written += execute(last, from, count);
                    }
                }
            }
            return written;
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        } finally {
            if (full != null) {
                try {
                    full.close();
                } catch (SQLException ignored) {
                    // closing a finished statement; the transaction's outcome is decided elsewhere
                }
            }
        }
    }

    private int execute(PreparedStatement statement, int from, int count) throws SQLException {
        int parameter = 1;
        for (int r = from; r < from + count; r++) {
            Object[] row = rows.get(r);
            for (int c = 0; c < row.length; c++) {
                bind(statement, parameter++, columns.get(c), row[c]);
            }
        }
        return statement.executeUpdate();
    }

    private static void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, column.sqlType());
            return;
        }
        switch (column.sqlType()) {
            case Types.BIGINT -> statement.setLong(index, ((Number) value).longValue());
            case Types.INTEGER -> statement.setInt(index, ((Number) value).intValue());
            default -> statement.setString(index, value.toString());
        }
    }

    private String valueRows(int rowCount) {
        String one = "(" + "?, ".repeat(columns.size() - 1) + "?)";
        StringBuilder out = new StringBuilder(rowCount * (one.length() + 2));
        for (int r = 0; r < rowCount; r++) {
            out.append(r == 0 ? "" : ", ").append(one);
        }
        return out.toString();
    }
}
