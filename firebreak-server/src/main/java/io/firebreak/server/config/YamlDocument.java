package io.firebreak.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML file read into a Jackson tree that remembers the line of every field, so that each
 * problem found later (unknown key, wrong type, failed validation) can be reported as
 * {@code file:line: path: message}. {@code ${VAR}} in string values is replaced from the
 * environment; {@code ${VAR:-default}} gives a default; {@code $$} is a literal dollar.
 */
public final class YamlDocument {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final String file;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<ConfigError> errors;

    private YamlDocument(String file, JsonNode root, Map<String, Integer> lines, List<ConfigError> errors) {
        this.file = file;
        this.root = root;
        this.lines = lines;
        this.errors = errors;
    }

    /**
     * Parses {@code text}; syntax errors and unset variables are collected in {@link #errors()}
     * rather than thrown.
     */
    public static YamlDocument parse(String file, String text, Function<String, String> environment) {
        Map<String, Integer> lines = new HashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        JsonNode root;
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            root = first == null
                    ? JsonNodeFactory.instance.objectNode()
                    : new TreeBuilder(file, parser, lines, errors, environment).read("");
            if (parser.nextToken() != null) {
                errors.add(new ConfigError(file, parser.currentTokenLocation().getLineNr(), "", "more than one YAML document; put everything in one"));
            }
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(file, e));
            root = JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string cannot fail with IO: " + file, e);
        }
        return new YamlDocument(file, root, lines, errors);
    }

    /** SnakeYAML knows where the problem is and what it was inside of; say both. */
    private static ConfigError syntaxError(String file, JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
            String context = marked.getContext() == null || marked.getContextMark() == null ? ""
                    : " (" + marked.getContext() + " started on line " + (marked.getContextMark().getLine() + 1) + ")";
            String problem = marked.getProblem() == null ? "syntax error" : marked.getProblem();
            return new ConfigError(file, marked.getProblemMark().getLine() + 1, "", "invalid YAML: " + problem + context);
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return new ConfigError(file, line, "", "invalid YAML: " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    public String file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** Problems found while parsing; the document is unusable unless this is empty. */
    public List<ConfigError> errors() {
        return List.copyOf(errors);
    }

    /** The line of {@code path}, or of its nearest parent that has one, or 0. */
    public int lineOf(String path) {
        String current = path;
        while (true) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            if (current.isEmpty()) {
                return 0;
            }
            int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
            current = cut < 0 ? "" : current.substring(0, cut);
        }
    }

    /** An error at {@code path}, located by this document. */
    public ConfigError error(String path, String message) {
        return new ConfigError(file, lineOf(path), path, message);
    }

    /**
     * Binds the tree to {@code type} (a record tree with snake_case keys). First every unknown key
     * is reported, with a did-you-mean; then type mismatches. Empty when there were errors, which
     * are added to {@code sink}.
     */
    public <T> Optional<T> bind(ObjectMapper mapper, Class<T> type, List<ConfigError> sink) {
        List<ConfigError> unknown = new ArrayList<>();
        checkKeys(root, type, "", unknown);
        if (!unknown.isEmpty()) {
            sink.addAll(unknown);
            return Optional.empty();
        }
        try {
            return Optional.of(type.isRecord() && root instanceof ObjectNode object ? bindSections(mapper, type, object) : mapper.treeToValue(root, type));
        } catch (JsonMappingException e) {
            String path = pathOf(e.getPath());
            sink.add(error(path, describe(e)));
            return Optional.empty();
        } catch (JsonProcessingException e) {
            sink.add(error("", firstLine(e.getOriginalMessage())));
            return Optional.empty();
        }
    }

    /**
     * A record bound one present key at a time, then built by its canonical constructor with null
     * for each absent key (what Jackson passes it too): Jackson builds the deserializer of every
     * component of the whole record, present or not, which for {@code firebreak.yml} (twenty-odd
     * sections, each a tree of records) costs a one-shot command more than reading the file.
     * Records with a primitive component are bound whole (an absent primitive is not null), and so
     * is one whose constructor refuses the values, so that the error reads as it always has.
     */
    private static <T> T bindSections(ObjectMapper mapper, Class<T> type, ObjectNode object) throws JsonProcessingException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
            if (parameterTypes[i].isPrimitive()) {
                return mapper.treeToValue(object, type);
            }
            JsonNode node = object.get(keyOf(type, components[i]));
            if (node != null) {
                try {
                    values[i] = mapper.treeToValue(node, mapper.constructType(components[i].getGenericType()));
                } catch (JsonMappingException e) {
                    e.prependPath(type, keyOf(type, components[i]));
                    throw e;
                }
            }
        }
        try {
            return type.getDeclaredConstructor(parameterTypes).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            return mapper.treeToValue(object, type);   // the record refused its values: bound whole, Jackson reports it as ever
        } catch (ReflectiveOperationException e) {
            return mapper.treeToValue(object, type);   // a record this class may not build itself (not public): Jackson does
        }
    }

    private static String describe(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        if (e instanceof InvalidFormatException format) {
            return "invalid value '" + format.getValue() + "' (expected " + simpleName(format.getTargetType()) + ")";
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "expected " + simpleName(mismatched.getTargetType());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String simpleName(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "a mapping of keys";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class || type == Secret.class) {
            return "a string";
        }
        if (type == java.time.Duration.class) {
            return "a duration such as 30s, 5m or 1h";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type.getSimpleName();
    }

    private static String pathOf(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private void checkKeys(JsonNode node, Type type, String path, List<ConfigError> sink) {
        Class<?> raw = rawClass(type);
        if (raw == null) {
            return;
        }
        if (raw.isRecord() && node instanceof ObjectNode object) {
            Map<String, RecordComponent> known = new HashMap<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                known.put(keyOf(raw, component), component);
            }
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                String childPath = path.isEmpty() ? name : path + "." + name;
                RecordComponent component = known.get(name);
                if (component == null) {
                    String hint = DidYouMean.closest(name, known.keySet()).map(k -> " (did you mean '" + k + "'?)").orElse("");
                    sink.add(error(childPath, "unknown key '" + name + "'" + hint));
                } else {
                    checkKeys(object.get(name), component.getGenericType(), childPath, sink);
                }
            }
        } else if (Collection.class.isAssignableFrom(raw) && node instanceof ArrayNode array
                && type instanceof ParameterizedType parameterized) {
            for (int i = 0; i < array.size(); i++) {
                checkKeys(array.get(i), parameterized.getActualTypeArguments()[0], path + "[" + i + "]", sink);
            }
        }
    }

    private static String keyOf(Class<?> record, RecordComponent component) {
        try {
            var annotation = record.getDeclaredField(component.getName())
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            if (annotation != null && !annotation.value().isEmpty()) {
                return annotation.value();
            }
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("record " + record.getName() + " has no field for its component " + component.getName(), e);
        }
        return SNAKE.translate(component.getName());
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    /** Builds the tree token by token, noting the line of each field and substituting variables. */
    private static final class TreeBuilder {
        private final String file;
        private final JsonParser parser;
        private final Map<String, Integer> lines;
        private final List<ConfigError> errors;
        private final Function<String, String> environment;

        TreeBuilder(String file, JsonParser parser, Map<String, Integer> lines, List<ConfigError> errors,
                    Function<String, String> environment) {
            this.file = file;
            this.parser = parser;
            this.lines = lines;
            this.errors = errors;
            this.environment = environment;
        }

        JsonNode read(String path) throws IOException {
            JsonToken token = parser.currentToken();
            int line = parser.currentTokenLocation().getLineNr();
            lines.putIfAbsent(path, line);
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            switch (token) {
                case START_OBJECT -> {
                    ObjectNode object = nodes.objectNode();
                    while (parser.nextToken() != JsonToken.END_OBJECT) {
                        String name = parser.currentName();
                        String childPath = path.isEmpty() ? name : path + "." + name;
                        int keyLine = parser.currentTokenLocation().getLineNr();
                        if (object.has(name)) {
                            errors.add(new ConfigError(file, keyLine, childPath, "duplicate key '" + name + "'"));
                        }
                        lines.put(childPath, keyLine);
                        parser.nextToken();
                        object.set(name, read(childPath));
                    }
                    return object;
                }
                case START_ARRAY -> {
                    ArrayNode array = nodes.arrayNode();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        array.add(read(path + "[" + array.size() + "]"));
                    }
                    return array;
                }
                case VALUE_STRING -> {
                    return nodes.textNode(substitute(parser.getText(), path, line));
                }
                case VALUE_NUMBER_INT -> {
                    return nodes.numberNode(parser.getLongValue());
                }
                case VALUE_NUMBER_FLOAT -> {
                    return nodes.numberNode(parser.getDoubleValue());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return nodes.booleanNode(parser.getBooleanValue());
                }
                case VALUE_NULL -> {
                    return nodes.nullNode();
                }
                default -> throw new IllegalStateException("unexpected YAML token " + token + " at " + file + ":" + line);
            }
        }

        private String substitute(String value, String path, int line) {
            if (value.indexOf('$') < 0) {
                return value;
            }
            Matcher matcher = VARIABLE.matcher(value);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String replacement;
                if (matcher.group().equals("$$")) {
                    replacement = "$";
                } else {
                    String name = matcher.group(1);
                    String fromEnvironment = environment.apply(name);
                    if (fromEnvironment == null && matcher.group(2) != null) {
                        fromEnvironment = matcher.group(2);
                    }
                    if (fromEnvironment == null) {
                        errors.add(new ConfigError(file, line, path, "environment variable " + name + " is not set"));
                        fromEnvironment = "";
                    }
                    replacement = fromEnvironment;
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }
}
