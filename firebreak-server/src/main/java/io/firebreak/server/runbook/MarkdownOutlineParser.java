package io.firebreak.server.runbook;

import io.firebreak.core.runbook.MarkdownOutline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Reads Markdown into the {@link MarkdownOutline} the runbook checks use, with commonmark-java and
 * its source spans for line numbers. Being a real CommonMark parser, it sees what GitHub renders:
 * nothing in code blocks, code spans or HTML comments is a heading or a link; setext headings,
 * reference links and links that wrap over lines count; a heading's text is its rendered text.
 */
public final class MarkdownOutlineParser {
    private static final Parser PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    private MarkdownOutlineParser() {}

    public static MarkdownOutline parse(String markdown) {
        Collector collector = new Collector();
        PARSER.parse(markdown).accept(collector);
        return new MarkdownOutline(collector.headings, collector.links, collector.codeBlocks);
    }

    /** Walks the document once, in order, collecting what the outline holds. */
    private static final class Collector extends AbstractVisitor {
        final List<MarkdownOutline.Heading> headings = new ArrayList<>();
        final List<MarkdownOutline.Link> links = new ArrayList<>();
        final List<MarkdownOutline.CodeBlock> codeBlocks = new ArrayList<>();

        @Override
        public void visit(Heading heading) {
            headings.add(new MarkdownOutline.Heading(heading.getLevel(), renderedText(heading).strip(), line(heading)));
            visitChildren(heading);   // a heading may hold links
        }

        @Override
        public void visit(Link link) {
            links.add(new MarkdownOutline.Link(link.getDestination(), line(link)));
            visitChildren(link);
        }

        @Override
        public void visit(Image image) {
            links.add(new MarkdownOutline.Link(image.getDestination(), line(image)));
            visitChildren(image);
        }

        @Override
        public void visit(FencedCodeBlock block) {
            String info = block.getInfo() == null ? "" : block.getInfo().strip();
            String language = info.isEmpty() ? "" : info.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            String literal = block.getLiteral();   // every content line ends with \n
            List<String> lines = literal.isEmpty() ? List.of()
                    : List.of(literal.substring(0, literal.length() - (literal.endsWith("\n") ? 1 : 0)).split("\n", -1));
            codeBlocks.add(new MarkdownOutline.CodeBlock(language, lines, line(block) + 1));
        }
    }

    /** The text a heading renders to: literal text and code, without markup, HTML or image alt text. */
    private static String renderedText(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text literal) {
                text.append(literal.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak lineBreak) {
                text.append(' ');
            }

            @Override
            public void visit(HardLineBreak lineBreak) {
                text.append(' ');
            }

            @Override
            public void visit(HtmlInline html) {
                // not text
            }

            @Override
            public void visit(Image image) {
                // GitHub's anchor ignores the alt text of images
            }
        });
        return text.toString();
    }

    /** The 1-based line a node starts on. */
    private static int line(Node node) {
        return node.getSourceSpans().isEmpty() ? 1 : node.getSourceSpans().get(0).getLineIndex() + 1;
    }
}
