package org.bmsw.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bmsw.analysis.AnalysisReport;
import org.bmsw.pinout.Cable;
import org.bmsw.pinout.Finding;
import org.bmsw.profiles.DeviceProfile;

/**
 * Everything one commissioning report shows, gathered by {@link CommissioningReports#build} and written by
 * {@link CommissioningHtml}.
 *
 * @param site the site as the installer names it
 * @param analysis the capture's analysis, as {@code bmsw analyze} makes it
 * @param batteryProfile the battery's profile ({@code --profile}, else the cable's battery end), if known
 * @param inverterProfile the inverter's profile (the cable's inverter end), if known
 * @param cable the cable, or null when none was given
 * @param conformance the conformance test's result, or null when none was given
 * @param conformanceFile the file the conformance result came from, or {@code ""}
 * @param written when the report was made, as the page shows it
 */
public record CommissioningReport(SiteInfo site, AnalysisReport analysis, Optional<DeviceProfile> batteryProfile,
        Optional<DeviceProfile> inverterProfile, CableSection cable, ConformanceResult conformance,
        String conformanceFile, String written) {

    public CommissioningReport {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(batteryProfile, "batteryProfile");
        Objects.requireNonNull(inverterProfile, "inverterProfile");
        conformanceFile = conformanceFile == null ? "" : conformanceFile;
        written = written == null ? "" : written;
    }

    /**
     * The cable of the site.
     *
     * @param file the wire list file as given
     * @param cable the cable between the two profiles' ports the wire list names, or null when they are not known
     *            (then there is no drawing and no check, and {@code note} says why)
     * @param wireList the wire list as rows of cells, the first the header
     * @param checks the wiring checks' findings (empty when {@code cable} is null)
     * @param svg the drawing (standalone SVG), or {@code ""}
     * @param note why there is no drawing, or {@code ""}
     */
    public record CableSection(String file, Cable cable, List<List<String>> wireList, List<Finding> checks,
            String svg, String note) {
        public CableSection {
            wireList = List.copyOf(wireList);
            checks = List.copyOf(checks);
            svg = svg == null ? "" : svg;
            note = note == null ? "" : note;
        }

        /** True when the wiring checks ran and none failed. */
        public boolean checksPassed() {
            return cable != null && checks.stream().noneMatch(Finding::fails);
        }
    }
}
