package io.firebreak.server.ui;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The UI's mustache templates, from {@code ui/templates} on the classpath. mustache's {@code {{x}}}
 * HTML-escapes every value; the only triple-mustache in the templates is the runbook HTML that
 * commonmark rendered with raw HTML escaped. Compiled templates are cached by the factory.
 */
final class UiTemplates {
    private final DefaultMustacheFactory factory = new DefaultMustacheFactory("ui/templates");

    /** Renders {@code name}.mustache; later scopes win over earlier ones. */
    String render(String name, Object... scopes) {
        Mustache mustache = factory.compile(name + ".mustache");
        StringWriter out = new StringWriter();
        List<Object> list = new ArrayList<>(List.of(scopes));
        mustache.execute(out, list);
        return out.toString();
    }
}
