package org.bmsw.engine;

import java.util.List;

import org.bmsw.formats.ReadReport;
import org.bmsw.protocol.Decoder;

/**
 * What a pass read and how it decoded.
 *
 * @param read the reader's report (lines, skipped lines with file:line, the format); for a store, its rows
 * @param decoder the decoder that ran: {@code state()} is the battery state at the end, {@code variants()} the
 *            choices it applied
 * @param records the records passed (of the chosen channel)
 * @param messages the messages decoded
 * @param channels every channel of the trace
 * @param channelsWithMessages the channels whose records gave messages: more than one means several batteries
 *            were folded into one state
 */
public record PassResult(ReadReport read, Decoder decoder, long records, long messages, List<String> channels,
        List<String> channelsWithMessages) {

    public PassResult {
        channels = List.copyOf(channels);
        channelsWithMessages = List.copyOf(channelsWithMessages);
    }
}
