package org.bmsw.formats;

import java.util.List;
import java.util.Map;

/**
 * What reading a trace did.
 *
 * @param format the format detected from the content
 * @param frames frames passed to the sink
 * @param lines lines read (0 for the binary store)
 * @param ignoredLines blank lines, comments, headers and non-frame events of the format
 * @param skippedLines malformed lines that were skipped (always 0 in strict mode, which stops instead)
 * @param skippedByReason skipped lines counted by kind of problem, in order of first occurrence
 * @param problems the first few problems as {@code file:line: reason}
 * @param note anything else worth saying, e.g. a store's dropped tail; empty when none
 */
public record ReadReport(TraceFormat format, long frames, long lines, long ignoredLines, long skippedLines,
        Map<String, Long> skippedByReason, List<String> problems, String note) {

    public ReadReport {
        skippedByReason = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skippedByReason));
        problems = List.copyOf(problems);
    }
}
