package org.bmsw.formats.internal;

import java.io.IOException;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/**
 * PEAK PCAN-View traces. {@code ;$FILEVERSION=} picks the layout, {@code ;$STARTTIME=} (days since 1899-12-30,
 * read as UTC) the time base, and version 2.1's {@code ;$COLUMNS=} the column order:
 * <ul>
 * <li>1.1: {@code 1)  1059.9  Rx  0300  8  00 11 …} (type Rx/Tx, {@code RTR} instead of data)</li>
 * <li>1.3: {@code 1)  1004.898 1  Tx  079B -  8  02 21 …} (bus, direction, reserved)</li>
 * <li>2.0: {@code 1  1059.900 DT  0300 Rx 8  00 11 …} (type DT/FD/FB/FE/BI/RR/ER, DLC code)</li>
 * <li>2.1: default columns {@code N,O,T,B,I,d,R,L,D} (bus, reserved, data length)</li>
 * </ul>
 * Without a version line, 1.1 is assumed when the first field ends in {@code )}, else 2.0. Bus n becomes
 * {@code can<n-1>}; files without a bus column use {@code can0}. Status, error-counter and event lines are
 * ignored.
 */
public final class TrcParser extends LineParser {

    private final Tokens tokens = new Tokens();
    private String version = "";
    private long startNs;
    private String columns = "NOTBIdRLD";

    @Override
    public TraceFormat format() {
        return TraceFormat.PCAN_TRC;
    }

    @Override
    public int parseLine(byte[] b, int start, int end) throws IOException {
        int p = skipSpaces(b, start, end);
        if (p == end) {
            return IGNORED;
        }
        if (b[p] == ';') {
            String line = text(b, p, end).trim();
            if (line.startsWith(";$FILEVERSION=")) {
                version = line.substring(";$FILEVERSION=".length()).trim();
            } else if (line.startsWith(";$STARTTIME=")) {
                try {
                    double days = Double.parseDouble(line.substring(";$STARTTIME=".length()).trim());
                    startNs = Math.round((days - 25569.0) * 86_400_000_000.0) * 1000L; // µs precision of a double
                } catch (NumberFormatException e) {
                    return fail("bad start time", "bad $STARTTIME '" + line + "'");
                }
            } else if (line.startsWith(";$COLUMNS=")) {
                columns = line.substring(";$COLUMNS=".length()).replace(",", "").trim();
            }
            return IGNORED;
        }
        if (!tokens.split(b, p, end) || tokens.count < 4) {
            return fail("not a TRC line", "not a PCAN-View trace line: '" + text(b, start, end) + "'");
        }
        if (version.isEmpty()) {
            version = b[tokens.ends[0] - 1] == ')' ? "1.1" : "2.0";
        }
        if (version.startsWith("1.")) {
            return version1(b);
        }
        return version2(b, version.equals("2.0") ? "NOTIdlD" : columns);
    }

    private int version1(byte[] b) throws IOException {
        // N) O [bus] [type|dir] ID [-] DLC data...   (1.0 has no type column)
        long offsetNs = scaledDecimal(b, tokens.starts[1], tokens.ends[1], 6); // ms with 6 decimals = ns
        if (offsetNs < 0) {
            return fail("bad time offset", "bad time offset '" + tokens.text(b, 1) + "'");
        }
        int t = 2;
        String bus = "can0";
        if (version.equals("1.3")) {
            long busNumber = tokens.decimal(b, t++);
            if (busNumber < 1) {
                return fail("bad bus", "bad bus '" + tokens.text(b, 2) + "'");
            }
            bus = "can" + (busNumber - 1);
        }
        int flags = 0;
        if (tokens.is(b, t, "Rx") || tokens.is(b, t, "Tx")) {
            flags |= tokens.is(b, t, "Tx") ? FrameFlags.TX : 0;
            t++;
        } else if (!version.equals("1.0") && !version.equals("1.1") || isEventType(b, t)) {
            return IGNORED; // Warng, Error, status lines
        }
        int identifierToken = t++;
        if (version.equals("1.3") && t < tokens.count && tokens.is(b, t, "-")) {
            t++;
        }
        if (t >= tokens.count) {
            return fail("no data length", "no data length");
        }
        long length = tokens.decimal(b, t++);
        if (length < 0 || length > 8) {
            return fail("bad data length", "bad data length '" + tokens.text(b, t - 1) + "'");
        }
        if (t < tokens.count && tokens.is(b, t, "RTR")) {
            flags |= FrameFlags.RTR;
            java.util.Arrays.fill(data, 0, (int) length, (byte) 0);
        } else if (tokens.count - t < length || !tokens.hexBytes(b, t, (int) length, data)) {
            return fail("bad data byte", "expected " + length + " data bytes");
        }
        return frame(b, identifierToken, offsetNs, bus, flags, (int) length);
    }

    private boolean isEventType(byte[] b, int t) {
        return tokens.is(b, t, "Warng") || tokens.is(b, t, "Error") || tokens.is(b, t, "Status");
    }

    private int version2(byte[] b, String layout) throws IOException {
        long offsetNs = Long.MIN_VALUE;
        String bus = "can0";
        int flags = 0;
        int identifierToken = -1;
        long length = -1; // from L, the data length in bytes
        long dlc = -1; // from l, the data length code
        int dataToken = -1;
        String type = "DT";
        int t = 0;
        for (int c = 0; c < layout.length() && t < tokens.count; c++) {
            switch (layout.charAt(c)) {
            case 'O' -> offsetNs = scaledDecimal(b, tokens.starts[t], tokens.ends[t], 6); // ms to ns
            case 'T' -> type = tokens.text(b, t);
            case 'B' -> {
                long busNumber = tokens.decimal(b, t);
                if (busNumber < 1) {
                    return fail("bad bus", "bad bus '" + tokens.text(b, t) + "'");
                }
                bus = "can" + (busNumber - 1);
            }
            case 'I' -> identifierToken = t;
            case 'd' -> flags |= tokens.is(b, t, "Tx") ? FrameFlags.TX : 0;
            case 'l' -> { // decimal 0-15, as PCAN-View writes it (python-can reads it so too)
                long code = tokens.decimal(b, t);
                dlc = code < 0 || code > 15 ? -1 : code;
            }
            case 'L' -> length = tokens.decimal(b, t);
            case 'D' -> dataToken = t;
            default -> {
                // N (number), R (reserved) and unknown columns
            }
            }
            t++;
        }
        switch (type) {
        case "DT" -> { }
        case "RR" -> flags |= FrameFlags.RTR;
        case "FD" -> flags |= FrameFlags.FD;
        case "FB" -> flags |= FrameFlags.FD | FrameFlags.FD_BRS;
        case "FE" -> flags |= FrameFlags.FD | FrameFlags.FD_ESI;
        case "BI" -> flags |= FrameFlags.FD | FrameFlags.FD_BRS | FrameFlags.FD_ESI;
        case "ER" -> {
            return offsetNs < 0 ? fail("bad time offset", "bad time offset")
                    : emitCan(startNs + offsetNs, channel(bus, BusKind.CAN), 0, FrameFlags.ERROR, 0);
        }
        default -> {
            return IGNORED; // ST status, EC error counter, EV event
        }
        }
        if (offsetNs < 0) {
            return fail("bad time offset", "bad time offset");
        }
        if (length < 0 && layout.indexOf('L') < 0 && dlc >= 0) {
            // only a DLC column: for CAN FD it codes 12-64 bytes; with both columns the byte count L is used
            length = (flags & FrameFlags.FD) != 0 ? fdLengthOfDlc((int) dlc) : dlc;
        }
        if (identifierToken < 0 || length < 0) {
            return fail("bad frame", "missing identifier or data length");
        }
        if ((flags & FrameFlags.RTR) != 0) {
            if (length > 8) {
                return fail("bad remote frame length", "remote frame length " + length + " is not 0-8");
            }
            java.util.Arrays.fill(data, 0, (int) length, (byte) 0);
        } else if (length > 64 || length > 0 && dataToken < 0 || tokens.count - dataToken < length
                || !tokens.hexBytes(b, dataToken, (int) length, data)) {
            return fail("bad data byte", "expected " + length + " data bytes");
        }
        return frame(b, identifierToken, offsetNs, bus, flags, (int) length);
    }

    private int frame(byte[] b, int identifierToken, long offsetNs, String bus, int flags, int length)
            throws IOException {
        long id = tokens.hex(b, identifierToken);
        if (id < 0) {
            return fail("bad identifier", "bad identifier '" + tokens.text(b, identifierToken) + "'");
        }
        if (tokens.length(identifierToken) > 4) {
            flags |= FrameFlags.EXTENDED;
        }
        return emitCan(startNs + offsetNs, channel(bus, BusKind.CAN), (int) id, flags, length);
    }
}
