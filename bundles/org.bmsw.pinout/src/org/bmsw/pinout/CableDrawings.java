package org.bmsw.pinout;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

import org.bmsw.profiles.ConnectorKind;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;

/** The cable drawn: an SVG diagram for people and WireViz YAML for WireViz users to keep going. */
public final class CableDrawings {

    private static final int ROW_PX = 22;
    private static final int BOX_WIDTH_PX = 230;
    private static final int GAP_PX = 260;
    private static final int TOP_PX = 60;

    private CableDrawings() {
    }

    /** Both connectors side by side, one row per pin, a line per wire in its colour; pins with a problem in red. */
    public static String svg(Cable cable, List<Finding> findings) {
        Set<String> flagged = new HashSet<>();
        findings.stream().filter(Finding::fails).forEach(f -> flagged.addAll(f.pins()));
        Port a = cable.endA().port();
        Port b = cable.endB().port();
        int rows = Math.max(a.pins().size(), b.pins().size());
        int width = 2 * BOX_WIDTH_PX + GAP_PX + 40;
        int height = TOP_PX + rows * ROW_PX + 40;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        box(svg, cable.endA(), 20, flagged);
        box(svg, cable.endB(), 20 + BOX_WIDTH_PX + GAP_PX, flagged);
        for (Wire wire : cable.wires()) {
            int rowA = rowOf(a, wire.pinA());
            int rowB = rowOf(b, wire.pinB());
            if (rowA < 0 || rowB < 0) {
                continue;
            }
            int y1 = TOP_PX + rowA * ROW_PX + ROW_PX / 2;
            int y2 = TOP_PX + rowB * ROW_PX + ROW_PX / 2;
            int x1 = 20 + BOX_WIDTH_PX;
            int x2 = 20 + BOX_WIDTH_PX + GAP_PX;
            WireColour colour = WireColour.byName(wire.colour());
            svg.append("  <path d=\"M").append(x1).append(',').append(y1).append(" C").append(x1 + GAP_PX / 2).append(',')
                    .append(y1).append(' ').append(x2 - GAP_PX / 2).append(',').append(y2).append(' ').append(x2)
                    .append(',').append(y2).append("\" fill=\"none\" stroke=\"").append(stroke(colour))
                    .append("\" stroke-width=\"3\"").append(colour != null && colour.isStriped()
                            ? " stroke-dasharray=\"8,4\"" : "")
                    .append("><title>").append(escape(wire.colour())).append("</title></path>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void box(StringBuilder svg, PortRef end, int x, Set<String> flagged) {
        Port port = end.port();
        svg.append("  <text x=\"").append(x).append("\" y=\"24\" font-weight=\"bold\">").append(escape(end.role() + " "
                + end.profile().vendor() + " " + end.profile().model())).append("</text>\n");
        svg.append("  <text x=\"").append(x).append("\" y=\"42\">").append(escape("port " + port.id() + " ("
                + port.connector().xmlName() + ")")).append("</text>\n");
        svg.append("  <rect x=\"").append(x).append("\" y=\"").append(TOP_PX).append("\" width=\"").append(BOX_WIDTH_PX)
                .append("\" height=\"").append(port.pins().size() * ROW_PX).append("\" fill=\"#f4f4f4\" stroke=\"#333\"/>\n");
        for (int row = 0; row < port.pins().size(); row++) {
            Pin pin = port.pins().get(row);
            boolean bad = flagged.contains(end.role() + " pin " + pin.label());
            int y = TOP_PX + row * ROW_PX + 16;
            svg.append("  <text x=\"").append(x + 8).append("\" y=\"").append(y).append("\"")
                    .append(bad ? " fill=\"#c00000\" font-weight=\"bold\"" : pin.signal().xmlName().equals("nc")
                            ? " fill=\"#999\"" : "")
                    .append(">").append(escape(String.format(Locale.ROOT, "%2d  %-10s %s", pin.number(), pin.name(),
                            pin.signal().xmlName())))
                    .append("</text>\n");
        }
    }

    private static int rowOf(Port port, int pin) {
        for (int row = 0; row < port.pins().size(); row++) {
            if (port.pins().get(row).number() == pin) {
                return row;
            }
        }
        return -1;
    }

    private static String stroke(WireColour colour) {
        return String.format("#%06x", colour == null ? WireColour.UNKNOWN_RGB : colour.rgb());
    }

    /** WireViz YAML: two connectors with their pin labels, one cable, the connections. */
    public static String wireViz(Cable cable) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# ").append(cable.endA().role()).append(' ').append(cable.endA()).append(" to ")
                .append(cable.endB().role()).append(' ').append(cable.endB()).append(" (BMS Workbench)\n");
        yaml.append("connectors:\n");
        connector(yaml, "X1", cable.endA());
        connector(yaml, "X2", cable.endB());
        yaml.append("cables:\n  W1:\n    wirecount: ").append(cable.wires().size()).append('\n');
        if (cable.wires().stream().allMatch(w -> WireColour.byName(w.colour()) != null)) {
            yaml.append("    colors: [").append(String.join(", ", cable.wires().stream()
                    .map(w -> WireColour.byName(w.colour()).wireVizCode()).toList())).append("]\n");
        }
        yaml.append("connections:\n  -\n    - X1: [")
                .append(String.join(", ", cable.wires().stream().map(w -> String.valueOf(w.pinA())).toList()))
                .append("]\n    - W1: [")
                .append(String.join(", ", IntStream.rangeClosed(1, cable.wires().size())
                        .mapToObj(String::valueOf).toList()))
                .append("]\n    - X2: [")
                .append(String.join(", ", cable.wires().stream().map(w -> String.valueOf(w.pinB())).toList()))
                .append("]\n");
        return yaml.toString();
    }

    private static void connector(StringBuilder yaml, String designator, PortRef end) {
        Port port = end.port();
        yaml.append("  ").append(designator).append(":\n");
        yaml.append("    type: ").append(port.connector() == ConnectorKind.RJ45 ? "RJ45"
                : port.connector() == ConnectorKind.DB9 ? "D-Sub 9" : "Terminal block").append('\n');
        yaml.append("    pins: [").append(String.join(", ", port.pins().stream().map(p -> String.valueOf(p.number()))
                .toList())).append("]\n");
        yaml.append("    pinlabels: [").append(String.join(", ", port.pins().stream().map(p -> quote(p.name())).toList()))
                .append("]\n");
        yaml.append("    notes: ").append(quote(end.role() + " " + end.profile().vendor() + " " + end.profile().model()
                + ", port " + port.id())).append('\n');
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
