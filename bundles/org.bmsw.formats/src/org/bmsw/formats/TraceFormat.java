package org.bmsw.formats;

/** The trace file formats BMS Workbench reads and (where {@link #canWrite()}) writes. */
public enum TraceFormat {
    /** can-utils {@code candump -l/-L}: {@code (1700000000.123456) can0 351#1402C012C012C201}. */
    CANDUMP_LOG("candump", "candump log", true),
    /** can-utils {@code candump} on a console: {@code can0  351   [8]  14 02 C0 12 C0 12 C2 01}. */
    CANDUMP_CONSOLE("candump-console", "candump console", false),
    /** Vector ASC ({@code date …}, {@code base hex  timestamps absolute}, one frame per line). */
    VECTOR_ASC("asc", "Vector ASC", true),
    /** PEAK PCAN-View trace, versions 1.1, 1.3, 2.0 and 2.1. */
    PCAN_TRC("trc", "PCAN-View TRC", false),
    /** SavvyCAN / GVRET CSV ({@code Time Stamp,ID,Extended,Dir,Bus,LEN,D1,…}). */
    SAVVYCAN_CSV("csv", "SavvyCAN CSV", true),
    /** This project's serial byte dump: {@code (1700000000.123456) ttyUSB0 RX 7E 32 30 …} (see the README). */
    SERIAL_DUMP("serial", "serial byte dump", true),
    /** This project's binary trace store ({@code org.bmsw.core.store}). */
    STORE("store", "trace store", true),
    /** A file with nothing in it (0 bytes, or only blank lines). */
    EMPTY("empty", "empty file", false);

    private final String id;
    private final String displayName;
    private final boolean writable;

    TraceFormat(String id, String displayName, boolean writable) {
        this.id = id;
        this.displayName = displayName;
        this.writable = writable;
    }

    /** The short name used on the command line ({@code --to asc}) and in JSON. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public boolean canWrite() {
        return writable;
    }

    /** The format with this {@link #id()}, or null. */
    public static TraceFormat byId(String id) {
        for (TraceFormat format : values()) {
            if (format.id.equalsIgnoreCase(id)) {
                return format;
            }
        }
        return null;
    }
}
