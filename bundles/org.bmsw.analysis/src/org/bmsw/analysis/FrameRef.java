package org.bmsw.analysis;

/**
 * A frame that proves a finding.
 *
 * @param row the frame's 1-based position in the trace, counting every channel's frames (a store's row + 1)
 * @param timestampNs the frame's time
 * @param channel its channel, e.g. {@code can0}
 * @param id the decoded message's identifier as {@code bmsw decode} shows it, e.g. {@code 0x356}
 */
public record FrameRef(long row, long timestampNs, String channel, String id) {
}
