package io.firebreak.server.postmortem;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.postmortem.PostMortemDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The post-mortem documents of one configuration: where they are, which template a new one starts
 * from (the built-in one, or {@code templates/post-mortem.md} next to the config file), and
 * writing them so a crash never leaves half a document.
 */
public final class PostMortemFiles {
    /** The name of the override template, relative to the configuration's directory. */
    public static final String TEMPLATE_OVERRIDE = "templates/post-mortem.md";

    private final Path dir;
    private final Path configDir;

    /**
     * @param dir       where the documents are
     * @param configDir the configuration's directory, where an override template may be
     */
    public PostMortemFiles(Path dir, Path configDir) {
        this.dir = dir;
        this.configDir = configDir;
    }

    public Path dir() {
        return dir;
    }

    /** The existing document of an incident: the file in {@link #dir()} named after its id. */
    public Optional<Path> find(String incidentId) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".md") && (name.equals(incidentId + ".md") || name.startsWith(incidentId + "-"));
            }).sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The template a new document starts from. */
    public String template() {
        Path override = configDir.resolve(TEMPLATE_OVERRIDE);
        try {
            if (Files.isRegularFile(override)) {
                return Files.readString(override, StandardCharsets.UTF_8);
            }
            try (InputStream in = PostMortemFiles.class.getResourceAsStream("/postmortem/post-mortem.md")) {
                if (in == null) {
                    throw new IllegalStateException("the built-in post-mortem template is missing from the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the post-mortem template " + override, e);
        }
    }

    /** Writes a new draft; fails if the incident already has a document. */
    public Path create(Incident incident, List<IncidentEvent> timeline, String title) {
        find(incident.id()).ifPresent(existing -> {
            throw new IllegalStateException("a post-mortem for " + incident.id() + " already exists: " + existing
                    + " (use `postmortem render` to refresh it)");
        });
        Path file = dir.resolve(PostMortemDocument.fileName(incident.id(), title));
        write(file, PostMortemDocument.create(template(), incident, timeline, title));
        return file;
    }

    /** Refreshes the generated parts of the existing document; what people wrote stays as it is. */
    public Path render(Incident incident, List<IncidentEvent> timeline, List<io.firebreak.core.postmortem.ActionItem> actions) {
        Path file = find(incident.id()).orElseThrow(() -> new IllegalStateException(
                "no post-mortem for " + incident.id() + " in " + dir + " (create one with `postmortem new " + incident.id() + "`)"));
        String current = read(file);
        String title = PostMortemDocument.title(current).orElse(incident.title());
        write(file, PostMortemDocument.refresh(current, incident, timeline, title, actions));
        return file;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".postmortem", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
