package org.certaudit.query.report;

import com.openhtmltopdf.extend.FSObjectDrawer;
import com.openhtmltopdf.extend.FSObjectDrawerFactory;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.w3c.dom.Element;

/**
 * Renders the report's XHTML to an A4 PDF (openhtmltopdf on PDFBox) with the fonts that ship in this package embedded
 * as subsets and drawn letter by letter, without ligatures (a digest's "ff" is two letters), the radar chart drawn as
 * vectors onto the page, and no trace of when it was rendered: the creation and modification dates are those of the
 * last event the report includes and the document id is taken from its content, so the same report gives the same
 * bytes.
 */
class ReportPdf {

    static final String RADAR_TYPE = "application/x-certaudit-radar";
    static final String PRODUCER = "certaudit";
    private static final String FONTS = "/org/certaudit/query/report/fonts/";
    private static final String HOUSE_FAMILY = "Certaudit House Font";

    private final byte[] dejaVu = font("DejaVuSans.ttf");
    private final byte[] dejaVuBold = font("DejaVuSans-Bold.ttf");
    private final byte[] droid = font("DroidSansFallbackFull.ttf");
    private final File houseFont;
    /** For a house font in a TrueType collection (.ttc): the name of the collection's font it takes, its first. */
    private final String houseFontName;

    /**
     * @param fontFile a TrueType or OpenType file, or a TrueType collection (.ttc, whose first font is taken), put in
     *                 front of the embedded fonts; null or blank for none
     * @throws IllegalStateException when the file cannot be read as such a font: at start, not at the first report
     */
    ReportPdf(String fontFile) {
        this.houseFont = fontFile == null || fontFile.isBlank() ? null : new File(fontFile);
        if (houseFont != null && !houseFont.canRead()) {
            throw new IllegalStateException("certaudit.report.font-file " + houseFont + " cannot be read");
        }
        this.houseFontName = houseFont == null ? null : checkedFont(houseFont);
    }

    /**
     * Reads {@code file} once as a font: the name of a collection's first font, or null for a single font.
     *
     * @throws IllegalStateException when it is no TrueType or OpenType font, nor a collection of them
     */
    private static String checkedFont(File file) {
        try {
            if (!isCollection(file)) {
                try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBufferedFile(file))) {
                    font.getName();
                }
                return null;
            }
            List<String> names = new ArrayList<>();
            try (TrueTypeCollection collection = new TrueTypeCollection(file)) {
                collection.processAllFonts(font -> names.add(font.getName()));
            }
            if (names.isEmpty()) {
                throw new IOException("the collection holds no font");
            }
            return names.get(0);
        } catch (IOException e) {
            throw new IllegalStateException("certaudit.report.font-file " + file
                    + " is no TrueType or OpenType font, nor a TrueType collection (.ttc): " + e.getMessage(), e);
        }
    }

    /** The PDF of {@code xhtml}; {@code chart} is drawn where the page has the radar object. */
    byte[] render(String xhtml, RadarChart chart, Instant created, String contentId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // What the fonts hold open (a collection's file) until the document is saved: its subsets are made then.
        List<Closeable> opened = new ArrayList<>();
        // The fonts are loaded into this document by us, so that FontBox's glyph substitution can be switched off.
        try (PDDocument target = new PDDocument()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withProducer(PRODUCER);
            builder.usePDDocument(target);
            builder.useFont(new LettersFont(target, () -> parse(dejaVu)), "DejaVu Sans", 400, FontStyle.NORMAL, true);
            builder.useFont(new LettersFont(target, () -> parse(dejaVuBold)), "DejaVu Sans", 700, FontStyle.NORMAL, true);
            builder.useFont(new LettersFont(target, () -> parse(droid)), "Droid Sans Fallback", 400, FontStyle.NORMAL, true);
            builder.useFont(new LettersFont(target, () -> parse(droid)), "Droid Sans Fallback", 700, FontStyle.NORMAL, true);
            String html = xhtml;
            if (houseFont != null) {
                builder.useFont(new LettersFont(target, () -> house(opened)), HOUSE_FAMILY);
                html = html.replace("</head>", "<style>body { font-family: \"" + HOUSE_FAMILY
                        + "\", \"DejaVu Sans\", \"Droid Sans Fallback\"; }</style></head>");
            }
            builder.useObjectDrawerFactory(new RadarDrawerFactory(chart));
            builder.withHtmlContent(html, null);
            try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
                renderer.layout();
                renderer.createPDFWithoutClosing();
                PDDocument document = renderer.getPdfDocument();
                PDDocumentInformation info = document.getDocumentInformation();
                Calendar at = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
                at.setTimeInMillis(created.toEpochMilli());
                info.setCreationDate(at);
                info.setModificationDate(at);
                info.setProducer(PRODUCER);
                info.setCreator(PRODUCER);
                byte[] id = Arrays.copyOf(sha256(contentId), 16);
                COSArray ids = new COSArray();
                ids.add(new COSString(id));
                ids.add(new COSString(id));
                document.getDocument().getTrailer().setItem(COSName.ID, ids);
                document.save(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the report PDF", e);
        } finally {
            for (Closeable resource : opened) {
                try {
                    resource.close();
                } catch (IOException ignored) {
                    // Read only: nothing was written that closing could lose.
                }
            }
        }
        return out.toByteArray();
    }

    private static boolean isCollection(File font) {
        return font.getName().toLowerCase(Locale.ROOT).endsWith(".ttc");
    }

    private static TrueTypeFont parse(byte[] font) throws IOException {
        return new TTFParser().parse(new RandomAccessReadBuffer(font));
    }

    /** The house font for one document; a collection stays open (in {@code opened}) until the document is saved. */
    private TrueTypeFont house(List<Closeable> opened) throws IOException {
        if (!isCollection(houseFont)) {
            return new TTFParser().parse(new RandomAccessReadBufferedFile(houseFont));
        }
        TrueTypeCollection collection = new TrueTypeCollection(houseFont);
        opened.add(collection);
        TrueTypeFont font = collection.getFontByName(houseFontName);
        if (font == null) {
            throw new IOException("the collection " + houseFont + " no longer holds the font " + houseFontName);
        }
        return font;
    }

    /**
     * A font drawn letter by letter: FontBox's glyph substitution (GSUB) is switched off
     * ({@link TrueTypeFont#setEnableGsub}), so that no "ff" in a digest, root hash or link becomes the one ligature glyph
     * U+FB00 that a PDF viewer then copies. Loaded, as a subset, the first time the layout asks for it.
     */
    private static final class LettersFont extends PDFontSupplier {

        private final PDDocument document;
        private final FontSource source;
        private PDFont font;

        LettersFont(PDDocument document, FontSource source) {
            super(null);
            this.document = document;
            this.source = source;
        }

        @Override
        public PDFont supply() {
            if (font == null) {
                try {
                    TrueTypeFont ttf = source.open();
                    ttf.setEnableGsub(false);
                    font = PDType0Font.load(document, ttf, true);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot load a font of the report", e);
                }
            }
            return font;
        }
    }

    /** Where a font comes from. */
    @FunctionalInterface
    private interface FontSource {
        TrueTypeFont open() throws IOException;
    }

    /** Draws the radar chart for {@code <object type="application/x-certaudit-radar">}, scaled to the object's box. */
    private record RadarDrawerFactory(RadarChart chart) implements FSObjectDrawerFactory {

        @Override
        public FSObjectDrawer createDrawer(Element element) {
            if (!isReplacedObject(element)) {
                return null;
            }
            return (e, x, y, width, height, device, context, dotsPerPixel) -> {
                float w = (float) (width / dotsPerPixel);
                float h = (float) (height / dotsPerPixel);
                device.drawWithGraphics((float) x, (float) y, w, h, graphics -> {
                    graphics.scale(w / RadarChart.SIZE, h / RadarChart.SIZE);
                    chart.draw(graphics);
                });
                return null;
            };
        }

        @Override
        public boolean isReplacedObject(Element element) {
            return RADAR_TYPE.equals(element.getAttribute("type"));
        }
    }

    private static byte[] font(String name) {
        try (InputStream in = ReportPdf.class.getResourceAsStream(FONTS + name)) {
            if (in == null) {
                throw new IllegalStateException("font " + FONTS + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read font " + name, e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
