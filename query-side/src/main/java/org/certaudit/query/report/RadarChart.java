package org.certaudit.query.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.certaudit.scheme.Subtotal;

/**
 * The report's radar chart of the sections (各单项雷达图): one axis per section, clockwise from the top in catalogue
 * order, each at the section's earned points as a percent of its applicable maximum on a 0-100 scale. A section with
 * nothing applicable has no value: its axis is dashed, labelled 不涉及, and the outline of the values passes it by
 * (drawn to the centre, it read as a score of 0). One geometry, drawn as SVG for the browser and
 * onto the PDF page with {@link #draw(Graphics2D)}; the labels are HTML placed at {@link #labelAt(int)} so that they use
 * the report's fonts in both.
 */
record RadarChart(List<Subtotal> sections) {

    /** Width and height of the chart's square, in CSS pixels. */
    static final double SIZE = 440;
    private static final double CENTRE = SIZE / 2;
    private static final double RADIUS = 150;
    private static final double LABEL_RADIUS = RADIUS + 36;
    private static final int[] RINGS = {20, 40, 60, 80, 100};
    private static final Color GRID = new Color(0xB0B0B0);
    private static final Color VALUE_FILL = new Color(0x1F, 0x5F, 0xA8, 0x40);
    private static final Color VALUE_LINE = new Color(0x1F5FA8);

    RadarChart {
        sections = List.copyOf(sections);
        if (sections.size() < 3) {
            throw new IllegalArgumentException("a radar chart needs at least 3 axes, got " + sections.size());
        }
    }

    int axes() {
        return sections.size();
    }

    /** Whether axis {@code i} has a value: something in its section applies. */
    boolean applies(int i) {
        return sections.get(i).percentOfApplicable() != null;
    }

    /** The value of axis {@code i}: the section's percent of its applicable maximum, 0 when nothing in it applies. */
    double value(int i) {
        BigDecimal percent = sections.get(i).percentOfApplicable();
        return percent == null ? 0 : Math.max(0, Math.min(100, percent.doubleValue()));
    }

    Point2D.Double pointAt(int axis, double percent) {
        double angle = -Math.PI / 2 + 2 * Math.PI * axis / sections.size();
        double r = RADIUS * percent / 100;
        return new Point2D.Double(CENTRE + r * Math.cos(angle), CENTRE + r * Math.sin(angle));
    }

    /** Where the label of axis {@code i} is centred, outside the outermost ring. */
    Point2D.Double labelAt(int axis) {
        double angle = -Math.PI / 2 + 2 * Math.PI * axis / sections.size();
        return new Point2D.Double(CENTRE + LABEL_RADIUS * Math.cos(angle), CENTRE + LABEL_RADIUS * Math.sin(angle));
    }

    /** The chart as an SVG element (no text: the labels are HTML), with each axis and value point marked for readers and tests. */
    String svg() {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"radar\" width=\"").append(n(SIZE))
                .append("\" height=\"").append(n(SIZE)).append("\" viewBox=\"0 0 ").append(n(SIZE)).append(' ')
                .append(n(SIZE)).append("\" role=\"img\" aria-label=\"各单项雷达图\">");
        for (int ring : RINGS) {
            svg.append("<polygon class=\"ring\" fill=\"none\" stroke=\"#b0b0b0\" stroke-width=\"0.8\" points=\"")
                    .append(points(ring)).append("\"/>");
        }
        for (int i = 0; i < axes(); i++) {
            Point2D.Double end = pointAt(i, 100);
            svg.append("<line class=\"axis\" data-section=\"").append(sections.get(i).number())
                    .append(applies(i) ? "" : "\" stroke-dasharray=\"4 3")
                    .append("\" stroke=\"#b0b0b0\" stroke-width=\"0.8\" x1=\"").append(n(CENTRE)).append("\" y1=\"")
                    .append(n(CENTRE)).append("\" x2=\"").append(n(end.x)).append("\" y2=\"").append(n(end.y)).append("\"/>");
        }
        svg.append("<polygon class=\"values\" fill=\"#1f5fa8\" fill-opacity=\"0.25\" stroke=\"#1f5fa8\" stroke-width=\"1.6\" points=\"");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < axes(); i++) {
            if (applies(i)) {
                Point2D.Double p = pointAt(i, value(i));
                values.append(values.isEmpty() ? "" : " ").append(n(p.x)).append(',').append(n(p.y));
            }
        }
        svg.append(values).append("\"/>");
        for (int i = 0; i < axes(); i++) {
            if (!applies(i)) {
                continue;
            }
            Point2D.Double p = pointAt(i, value(i));
            BigDecimal percent = sections.get(i).percentOfApplicable();
            svg.append("<circle class=\"value\" data-section=\"").append(sections.get(i).number())
                    .append("\" data-percent=\"").append(percent == null ? "" : percent.toPlainString())
                    .append("\" r=\"2.6\" fill=\"#1f5fa8\" cx=\"").append(n(p.x)).append("\" cy=\"").append(n(p.y))
                    .append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    /** Draws the chart in a {@link #SIZE} x {@link #SIZE} space, as {@link #svg()} does. */
    void draw(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(0.8f));
        g.setColor(GRID);
        for (int ring : RINGS) {
            g.draw(polygon(ring));
        }
        BasicStroke dashed = new BasicStroke(0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f);
        for (int i = 0; i < axes(); i++) {
            Point2D.Double end = pointAt(i, 100);
            g.setStroke(applies(i) ? new BasicStroke(0.8f) : dashed);
            g.draw(new Line2D.Double(CENTRE, CENTRE, end.x, end.y));
        }
        Path2D.Double values = new Path2D.Double();
        boolean first = true;
        for (int i = 0; i < axes(); i++) {
            if (!applies(i)) {
                continue;
            }
            Point2D.Double p = pointAt(i, value(i));
            if (first) {
                values.moveTo(p.x, p.y);
                first = false;
            } else {
                values.lineTo(p.x, p.y);
            }
        }
        values.closePath();
        g.setColor(VALUE_FILL);
        g.fill(values);
        g.setColor(VALUE_LINE);
        g.setStroke(new BasicStroke(1.6f));
        g.draw(values);
    }

    private Path2D.Double polygon(double percent) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < axes(); i++) {
            Point2D.Double p = pointAt(i, percent);
            if (i == 0) {
                path.moveTo(p.x, p.y);
            } else {
                path.lineTo(p.x, p.y);
            }
        }
        path.closePath();
        return path;
    }

    private String points(double percent) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < axes(); i++) {
            Point2D.Double p = pointAt(i, percent);
            points.append(i == 0 ? "" : " ").append(n(p.x)).append(',').append(n(p.y));
        }
        return points.toString();
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
