package org.bmsw.formats.internal;

import java.io.IOException;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/**
 * SavvyCAN / GVRET CSV: {@code Time Stamp,ID,Extended,Dir,Bus,LEN,D1,…} (current) or without {@code Dir} (old
 * GVRET), timestamps in µs, ID in hex, {@code true/false}, rows possibly ending in a comma and padded with extra
 * data columns. The header decides the layout; without one a row whose fourth field is Rx/Tx is current. LEN
 * above 8 (up to 64) is read as CAN FD. Bus n becomes {@code can<n>}.
 */
public final class CsvParser extends LineParser {

    private final Tokens fields = new Tokens();
    private int layoutWithDirection = -1; // -1 until the header or the first row decides

    @Override
    public TraceFormat format() {
        return TraceFormat.SAVVYCAN_CSV;
    }

    @Override
    public int parseLine(byte[] b, int start, int end) throws IOException {
        if (!fields.split(b, start, end, (byte) ',')) {
            return fail("too many fields", "too many fields");
        }
        if (startsWith(b, start, end, "Time Stamp") || startsWith(b, start, end, "Time")) {
            layoutWithDirection = text(b, start, end).contains(",Dir,") ? 1 : 0;
            return IGNORED;
        }
        if (fields.count < 5) {
            return skipSpaces(b, start, end) == end ? IGNORED
                    : fail("too few fields", "too few fields for a SavvyCAN CSV row: '" + text(b, start, end) + "'");
        }
        if (layoutWithDirection < 0) {
            layoutWithDirection = fields.is(b, 3, "Rx") || fields.is(b, 3, "Tx") ? 1 : 0;
        }
        long timestampUs = fields.decimal(b, 0);
        if (timestampUs < 0) {
            return fail("bad timestamp", "bad timestamp '" + fields.text(b, 0) + "'");
        }
        long id = fields.hex(b, 1);
        if (id < 0) {
            return fail("bad identifier", "bad identifier '" + fields.text(b, 1) + "'");
        }
        int flags = 0;
        if (fields.is(b, 2, "true") || fields.is(b, 2, "1")) {
            flags |= FrameFlags.EXTENDED;
        } else if (!fields.is(b, 2, "false") && !fields.is(b, 2, "0")) {
            return fail("bad extended field", "Extended must be true or false, got '" + fields.text(b, 2) + "'");
        }
        int f = 3;
        if (layoutWithDirection == 1) {
            flags |= fields.is(b, f, "Tx") ? FrameFlags.TX : 0;
            f++;
        }
        long bus = fields.decimal(b, f++);
        if (bus < 0 || f >= fields.count) {
            return fail("bad bus", "bad bus '" + fields.text(b, f - 1) + "'");
        }
        long length = fields.decimal(b, f++);
        if (length < 0 || length > 64) {
            return fail("bad data length", "bad data length '" + fields.text(b, f - 1) + "'");
        }
        if (length > 8) {
            flags |= FrameFlags.FD;
        }
        if (fields.count - f < length || !fields.hexBytes(b, f, (int) length, data)) {
            return fail("bad data byte", "expected " + length + " data bytes of two hex digits");
        }
        return emitCan(timestampUs * 1000, channel("can" + bus, BusKind.CAN), (int) id, flags, (int) length);
    }
}
