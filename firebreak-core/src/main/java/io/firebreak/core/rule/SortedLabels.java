package io.firebreak.core.rule;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An alert's label set: immutable, sorted by name, held in two arrays. A detection storm keeps
 * 100,000 of them alive at once; as an unmodifiable {@link TreeMap} each costs about 270 bytes in
 * seven objects, as this about 100 in three, and the alerts of one rule that have the same label
 * names share one array of names ({@link #of(Map, SortedLabels)}): a garbage collection during a
 * storm cycle has that much less to copy. Reads like any sorted map; writes are refused.
 */
public final class SortedLabels extends AbstractMap<String, String> implements SortedMap<String, String> {
    private static final SortedLabels EMPTY = new SortedLabels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;

    private SortedLabels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** {@code labels} sorted by name; returned as they are when they are sorted labels already. */
    public static SortedLabels of(Map<String, String> labels) {
        return of(labels, null);
    }

    /**
     * {@code labels} sorted by name, sharing the array of names and the equal values of {@code like}
     * (may be null) when the names are the same.
     */
    public static SortedLabels of(Map<String, String> labels, SortedLabels like) {
        if (labels instanceof SortedLabels sorted) {
            return sorted;
        }
        if (labels.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> sorted = labels instanceof SortedMap<String, String> map && map.comparator() == null
                ? labels : new TreeMap<>(labels);
        String[] names = new String[sorted.size()];
        String[] values = new String[names.length];
        int i = 0;
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            names[i] = Objects.requireNonNull(label.getKey(), "a label name");
            values[i++] = label.getValue();
        }
        return sharing(names, values, like);
    }

    /**
     * The first {@code count} of {@code names} (distinct, in any order) with their {@code values},
     * sorted here; the arrays become the labels' own. Shares the names and the equal values of
     * {@code like} (may be null) when the names are the same.
     */
    static SortedLabels ofUnsorted(String[] names, String[] values, int count, SortedLabels like) {
        if (count == 0) {
            return EMPTY;
        }
        for (int i = 1; i < count; i++) {   // insertion sort: a label set has a handful of names
            String name = names[i];
            String value = values[i];
            int j = i - 1;
            while (j >= 0 && names[j].compareTo(name) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = name;
            values[j + 1] = value;
        }
        String[] sortedNames = count == names.length ? names : Arrays.copyOf(names, count);
        String[] sortedValues = count == values.length ? values : Arrays.copyOf(values, count);
        return sharing(sortedNames, sortedValues, like);
    }

    /**
     * Labels of these sorted arrays that share with {@code like} (may be null), when its names are
     * the same, its array of names, and each value equal to its value there: a rule's alerts keep
     * one array of names and one string of each value they have in common (its job, its own
     * labels) instead of one each, and comparing those values later is at a glance.
     */
    private static SortedLabels sharing(String[] names, String[] values, SortedLabels like) {
        if (like == null || !Arrays.equals(names, like.names)) {
            return new SortedLabels(names, values);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != like.values[i] && values[i] != null && values[i].equals(like.values[i])) {
                values[i] = like.values[i];
            }
        }
        return new SortedLabels(like.names, values);
    }

    @Override
    public int size() {
        return names.length;
    }

    /** The {@code i}th name in order (for {@link Fingerprint} and the store: no entry object per label). */
    public String name(int i) {
        return names[i];
    }

    /** The value of the {@code i}th name in order. */
    public String value(int i) {
        return values[i];
    }

    /**
     * Whether {@code other} has the same names, known at a glance when they share one array (the
     * alerts of one rule's answer do): then the {@code i}th label of each is the same label.
     */
    public boolean sameNames(SortedLabels other) {
        return names == other.names || Arrays.equals(names, other.names);
    }

    private int indexOf(Object name) {
        return name instanceof String wanted ? Arrays.binarySearch(names, wanted) : -1;
    }

    @Override
    public String get(Object name) {
        int i = indexOf(name);
        return i >= 0 ? values[i] : null;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = 0; i < names.length; i++) {
            hash += names[i].hashCode() ^ Objects.hashCode(values[i]);   // as Map.hashCode defines it
        }
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof SortedLabels labels) {
            return Arrays.equals(names, labels.names) && Arrays.equals(values, labels.values);
        }
        return super.equals(other);
    }

    @Override
    public java.util.Comparator<? super String> comparator() {
        return null;   // natural order of the names
    }

    @Override
    public String firstKey() {
        if (names.length == 0) {
            throw new NoSuchElementException("no labels");
        }
        return names[0];
    }

    @Override
    public String lastKey() {
        if (names.length == 0) {
            throw new NoSuchElementException("no labels");
        }
        return names[names.length - 1];
    }

    /** Ranges are rare for labels: they are answered by a sorted copy. */
    private SortedMap<String, String> copy() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this));
    }

    @Override
    public SortedMap<String, String> subMap(String fromKey, String toKey) {
        return copy().subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<String, String> headMap(String toKey) {
        return copy().headMap(toKey);
    }

    @Override
    public SortedMap<String, String> tailMap(String fromKey) {
        return copy().tailMap(fromKey);
    }
}
