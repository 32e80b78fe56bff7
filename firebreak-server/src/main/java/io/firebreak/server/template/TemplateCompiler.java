package io.firebreak.server.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.firebreak.server.config.ConfigError;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a Mustache template from a user's file when there is one, else from the built-in
 * resource, with values escaped by {@code escape}; a syntax error becomes a {@link ConfigError}
 * with the file and line, so it is reported when the templates load.
 */
final class TemplateCompiler {
    private static final Pattern LINE = Pattern.compile("@\\[[^:\\]]*:(\\d+)]");

    private final DefaultMustacheFactory factory;
    private final String resourceDir;

    TemplateCompiler(String resourceDir, UnaryOperator<String> escape) {
        this.resourceDir = resourceDir;
        this.factory = new DefaultMustacheFactory() {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(escape.apply(value));
                } catch (IOException e) {
                    throw new MustacheException("cannot write template output", e);
                }
            }
        };
    }

    /**
     * Compiles {@code override} if it exists, else the built-in {@code builtInName}; on failure adds
     * the error to {@code errors} and returns empty.
     */
    Optional<Mustache> compile(String key, String builtInName, Optional<Path> override, List<ConfigError> errors) {
        Optional<Path> file = override.filter(Files::isRegularFile);
        String display = file.map(Path::toString).orElse("built-in " + builtInName + ".mustache");
        try (Reader reader = file.isPresent() ? new StringReader(Files.readString(file.get(), StandardCharsets.UTF_8)) : builtIn(builtInName)) {
            return Optional.of(factory.compile(reader, key));
        } catch (MustacheException e) {
            Matcher line = LINE.matcher(String.valueOf(e.getMessage()));
            errors.add(new ConfigError(display, line.find() ? Integer.parseInt(line.group(1)) : 0, "",
                    "template syntax error: " + String.valueOf(e.getMessage()).replaceAll("\\s*@\\[.*", "")));
        } catch (IOException e) {
            errors.add(new ConfigError(display, 0, "", "cannot read template: " + e.getMessage()));
        }
        return Optional.empty();
    }

    private Reader builtIn(String name) {
        InputStream stream = TemplateCompiler.class.getResourceAsStream(resourceDir + name + ".mustache");
        if (stream == null) {
            throw new IllegalStateException("built-in template " + name + " is missing from the jar");
        }
        return new InputStreamReader(stream, StandardCharsets.UTF_8);
    }
}
