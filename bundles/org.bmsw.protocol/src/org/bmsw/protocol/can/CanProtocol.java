package org.bmsw.protocol.can;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.Identity;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.dbc.DbcCodec;
import org.bmsw.protocol.dbc.DbcDatabase;
import org.bmsw.protocol.dbc.DbcMessage;
import org.bmsw.protocol.dbc.DbcParser;
import org.bmsw.protocol.dbc.DbcSignal;

/**
 * A CAN protocol: a DBC definition compiled for decoding, plus its mapping onto the canonical battery state. The
 * mapping is read from the DBC itself, so a vendor's DBC maps the same way:
 * <ul>
 * <li>a signal named with a canonical quantity or request name ({@code soc_pct}, {@code charge_enable}), or carrying
 * that name in the string attribute {@code bmsw_canonical}, sets it;</li>
 * <li>{@code protection_<alarm>} / {@code warning_<alarm>} with an alarm name of {@code battery-state.md}: a 1-bit
 * signal is the alarm's state; a 2-bit signal is an SMA pair (01 raised, 10 cleared, 00/11 no change);</li>
 * <li>{@code manufacturer} with {@code bmsw_ascii 1} sets the manufacturer text; {@code bmsw_ascii 1} on any signal
 * shows its bytes as text;</li>
 * <li>{@code bmsw_invalid "0,65535"}: raw values meaning "not sent"; {@code bmsw_magnitude 1}: a negative value is
 * flagged and its magnitude used; {@code bmsw_fallback 1}: set only while no other frame gave the quantity;</li>
 * <li>message attribute {@code bmsw_alarm_frame 1}: the frame reports all its alarms, so a clear bit clears
 * (Pylon 0x359); {@code GenMsgCycleTime}: the expected period in ms, for conformance checks;
 * {@code bmsw_min_length N}: a frame of fewer data bytes does not fit the layout (default: the bytes its non-text
 * signals need).</li>
 * </ul>
 * A frame that does not fit (too short, or a value outside {@link Plausibility}'s rules) is a layout mismatch: its
 * values are shown but not folded ({@link CanDecoder}).
 */
public final class CanProtocol {

    /** Pylontech low-voltage CAN, layouts 1.2 (0x359/0x35C) and 1.3 (0x35A/0x35F), with the Victron extensions. */
    public static final String PYLON = "pylon-can";
    /** SMA Sunny Island CAN (external BMS), with the Victron extensions and the Sunny Island's 0x305-0x307. */
    public static final String SMA = "sma-can";

    /** 0x356 voltage in 0.1 V instead of 0.01 V. */
    public static final String VARIANT_VOLTAGE_DV = "voltage-0.1V";
    /** Pylon 0x359 system error in byte1 bit7 / byte3 bit7 instead of bit 3. */
    public static final String VARIANT_SYSTEM_ERROR_BIT7 = "system-error-bit7";
    /** 0x373 cell temperatures as K - 272 instead of K - 273. */
    public static final String VARIANT_CELL_TEMP_272 = "cell-temp-272";

    /** Pylon 0x370/0x371 as the Victron ASCII battery name (as sma-can) instead of cell extremes. */
    public static final String VARIANT_NAME_370 = "name-370";

    /** Variants each built-in protocol accepts. */
    public static List<String> variantsOf(String protocolId) {
        return protocolId.equals(PYLON)
                ? List.of(VARIANT_VOLTAGE_DV, VARIANT_SYSTEM_ERROR_BIT7, VARIANT_CELL_TEMP_272, VARIANT_NAME_370)
                : protocolId.equals(SMA) ? List.of(VARIANT_VOLTAGE_DV, VARIANT_CELL_TEMP_272) : List.of();
    }

    private final String id;
    private final DbcCodec codec;
    private final List<String> variantNotes;

    final Quantity[] quantity;
    final Request[] request;
    final AlarmName[] alarm;
    final AlarmLevel[] level;
    final boolean[] pair;
    final boolean[] ascii;
    /**
     * Per signal: the identity text it carries or a part of it, or null. Part 0: the whole text (a signal named
     * after the identity, e.g. {@code manufacturer}); parts 1 and 2: the halves of a text sent in two frames
     * ({@code battery_name_1}/{@code _2} of 0x370/0x371 for the model, {@code serial_number_1}/{@code _2} of
     * 0x380/0x381) or the major and minor of a version ({@code bms_version_major}/{@code _minor} of 0x35F).
     */
    final Identity[] identity;
    final int[] identityPart;
    final boolean[] magnitude;
    final boolean[] fallback;
    final long[][] invalid;
    final String[] outputName;
    final boolean[] canonical;
    final boolean[] alarmFrame;

    /** Per signal: the values a battery can send ({@link Plausibility}, and a built-in signal's own [min|max]). */
    final double[] plausibleLow;
    final double[] plausibleHigh;
    /** Per message: the data bytes a frame needs to fit the layout. */
    final int[] minimumLength;
    /** Per message: pairs of signal indexes {low, high, low, high, ...} that must not be in the wrong order. */
    final int[][] orders;

    private CanProtocol(String id, DbcDatabase database, List<String> variantNotes, boolean builtIn) {
        this.id = id;
        this.codec = DbcCodec.compile(database);
        this.variantNotes = List.copyOf(variantNotes);
        int n = codec.signalCount();
        quantity = new Quantity[n];
        request = new Request[n];
        alarm = new AlarmName[n];
        level = new AlarmLevel[n];
        pair = new boolean[n];
        ascii = new boolean[n];
        identity = new Identity[n];
        identityPart = new int[n];
        magnitude = new boolean[n];
        fallback = new boolean[n];
        invalid = new long[n][];
        outputName = new String[n];
        canonical = new boolean[n];
        alarmFrame = new boolean[codec.messageCount()];
        for (int m = 0; m < codec.messageCount(); m++) {
            alarmFrame[m] = "1".equals(codec.message(m).attribute("bmsw_alarm_frame"));
        }
        for (int i = 0; i < n; i++) {
            map(i, codec.signal(i));
        }
        plausibleLow = new double[n];
        plausibleHigh = new double[n];
        minimumLength = new int[codec.messageCount()];
        orders = new int[codec.messageCount()][];
        plausibility(Plausibility.BUILT_IN, builtIn);
    }

    /**
     * Compiles the plausibility rules: a signal's range is the rules' range for its name, narrowed (built-in
     * definitions only: a vendor's [min|max] is often left at a guess) by its own [min|max]; a message needs the
     * bytes of its signals (text signals may be cut short), or its {@code bmsw_min_length}.
     */
    private void plausibility(Plausibility rules, boolean builtIn) {
        for (int i = 0; i < plausibleLow.length; i++) {
            double low = Double.NEGATIVE_INFINITY;
            double high = Double.POSITIVE_INFINITY;
            double[] range = rules.range(outputName[i]);
            if (range != null) {
                low = range[0];
                high = range[1];
            }
            DbcSignal signal = codec.signal(i);
            if (builtIn && signal.minimum() < signal.maximum() && !ascii[i]) {
                low = Math.max(low, signal.minimum());
                high = Math.min(high, signal.maximum());
            }
            plausibleLow[i] = low;
            plausibleHigh[i] = high;
        }
        for (int m = 0; m < minimumLength.length; m++) {
            int first = codec.firstSignal(m);
            int end = first + codec.signalCount(m);
            int needed = 0;
            for (int i = first; i < end; i++) {
                if (!ascii[i] && !codec.signal(i).isMultiplexed()) {
                    needed = Math.max(needed, codec.bytesNeeded(i));
                }
            }
            String declared = codec.message(m).attribute("bmsw_min_length");
            if (declared != null) {
                try {
                    needed = Integer.parseInt(declared.trim());
                } catch (NumberFormatException e) {
                    // left at the bytes its signals need; DbcParser reports the attribute's bad value
                }
            }
            minimumLength[m] = needed;
            List<Integer> pairs = new ArrayList<>();
            for (String[] order : rules.orders()) {
                int low = -1;
                int high = -1;
                for (int i = first; i < end; i++) {
                    low = outputName[i].equals(order[0]) && !ascii[i] ? i : low;
                    high = outputName[i].equals(order[1]) && !ascii[i] ? i : high;
                }
                if (low >= 0 && high >= 0) {
                    pairs.add(low);
                    pairs.add(high);
                }
            }
            orders[m] = pairs.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private void map(int i, DbcSignal signal) {
        String name = signal.attribute("bmsw_canonical") != null ? signal.attribute("bmsw_canonical") : signal.name();
        outputName[i] = name;
        ascii[i] = "1".equals(signal.attribute("bmsw_ascii"));
        magnitude[i] = "1".equals(signal.attribute("bmsw_magnitude"));
        fallback[i] = "1".equals(signal.attribute("bmsw_fallback"));
        String invalidText = signal.attribute("bmsw_invalid");
        if (invalidText != null && !invalidText.isBlank()) {
            invalid[i] = java.util.Arrays.stream(invalidText.split(",")).map(String::trim)
                    .mapToLong(Long::parseLong).toArray();
        }
        quantity[i] = Quantity.byName(name).orElse(null);
        request[i] = Request.byName(name).orElse(null);
        mapIdentity(i, name);
        AlarmLevel alarmLevel = name.startsWith("protection_") ? AlarmLevel.PROTECTION
                : name.startsWith("warning_") ? AlarmLevel.WARNING : null;
        if (alarmLevel != null) {
            alarm[i] = AlarmName.byName(name.substring(name.indexOf('_') + 1)).orElse(null);
            level[i] = alarm[i] == null ? null : alarmLevel;
            pair[i] = signal.length() == 2;
        }
        canonical[i] = quantity[i] != null || request[i] != null || identity[i] != null && identityPart[i] == 0
                || alarm[i] != null;
    }

    /** Text signals named after an identity, the two-frame names and the 0x35F version bytes. */
    private void mapIdentity(int i, String name) {
        if (ascii[i]) {
            Identity whole = Identity.byName(name).orElse(null);
            if (whole != null) {
                identity[i] = whole;
                return;
            }
            int part = name.endsWith("_1") ? 1 : name.endsWith("_2") ? 2 : 0;
            String base = part == 0 ? name : name.substring(0, name.length() - 2);
            Identity halves = base.equals("battery_name") ? Identity.MODEL : Identity.byName(base).orElse(null);
            if (part > 0 && halves != null) {
                identity[i] = halves;
                identityPart[i] = part;
            }
        } else if (name.equals("bms_version_major") || name.equals("bms_version_minor")) {
            identity[i] = Identity.FIRMWARE_VERSION;
            identityPart[i] = name.endsWith("major") ? 1 : 2;
        }
    }

    /**
     * A built-in protocol ({@link #PYLON} or {@link #SMA}) with the named variants applied.
     *
     * @throws IllegalArgumentException naming the unknown protocol or variant
     */
    public static CanProtocol builtIn(String protocolId, Collection<String> variants) {
        if (!protocolId.equals(PYLON) && !protocolId.equals(SMA)) {
            throw new IllegalArgumentException("no built-in CAN protocol '" + protocolId + "' (" + PYLON + ", " + SMA
                    + ")");
        }
        Set<String> chosen = new LinkedHashSet<>(variants);
        for (String variant : chosen) {
            if (!variantsOf(protocolId).contains(variant)) {
                throw new IllegalArgumentException("protocol " + protocolId + " has no variant '" + variant
                        + "'; it has " + variantsOf(protocolId));
            }
        }
        DbcDatabase database = load(protocolId + ".dbc").overlay(load("victron-ext.dbc"));
        List<String> notes = new ArrayList<>();
        for (String variant : variantsOf(protocolId)) {
            if (chosen.contains(variant)) {
                database = database.overlay(load("variant-" + variant + ".dbc"));
            }
        }
        notes.add(chosen.contains(VARIANT_VOLTAGE_DV)
                ? "0x356 voltage: 0.1 V (variant " + VARIANT_VOLTAGE_DV + ": Sol-Ark, Sofar, Discover Lynx II)"
                : "0x356 voltage: 0.01 V (SMA-TI, OpenDTU, DBC-PL, real Pylontech frames)");
        if (protocolId.equals(PYLON)) {
            notes.add(chosen.contains(VARIANT_SYSTEM_ERROR_BIT7)
                    ? "0x359 system error: byte1 bit7 / BMS internal warning byte3 bit7 (variant "
                            + VARIANT_SYSTEM_ERROR_BIT7 + ": Battery-Emulator, ArminJo software)"
                    : "0x359 system error: byte1 bit3, internal communication warning byte3 bit3 "
                            + "(OpenDTU, DBC-PL, diyBMS, ArminJo documentation)");
            notes.add("0x359 charge over-current warning: byte3 bit0 (OpenDTU, DBC-PL, ArminJo; not ai-republic's bit7)");
            notes.add(chosen.contains(VARIANT_NAME_370)
                    ? "0x370/0x371: Victron ASCII battery name (variant " + VARIANT_NAME_370 + ", as sma-can)"
                    : "0x370: cell extremes (Pylon V2.0.6, Eco-Worthy, ai-republic), not the Victron ASCII name");
        } else {
            notes.add("byte order: little-endian (SMA-TI; not Battery-Emulator's big-endian SMA-LV-CAN)");
            notes.add("0x305: Sunny Island data frame, current sign inverted to + charging (SMA-TI: negative while "
                    + "charging)");
        }
        notes.add(chosen.contains(VARIANT_CELL_TEMP_272)
                ? "0x373 cell temperature: K - 272 (variant " + VARIANT_CELL_TEMP_272 + ": dfch)"
                : "0x373 cell temperature: K - 273 (OpenDTU)");
        notes.add("0x351 current limits: magnitudes, a negative raw value is flagged (real captures are positive)");
        notes.add("0x355 HiResSOC: raw 0 or 0xFFFF means not sent (Pylon 1.3 and BYD send 0)");
        return new CanProtocol(protocolId, database, notes, true);
    }

    /** A protocol from any DBC (a vendor's), mapped by the conventions above. */
    public static CanProtocol fromDbc(String protocolId, DbcDatabase database) {
        return new CanProtocol(protocolId, database, List.of(), false);
    }

    /**
     * Writes a built-in definition as a DBC file that CANdb++, cantools and SavvyCAN read: {@code spec} is a
     * protocol id with optional {@code +variant}s, as {@code Protocols.create} takes it ({@code pylon-can},
     * {@code sma-can+voltage-0.1V}); the variants' messages replace the base ones.
     *
     * @throws IllegalArgumentException naming the unknown protocol or variant
     */
    public static void writeDbc(String spec, java.io.Writer out) throws IOException {
        String[] parts = spec.trim().split("\\+");
        CanProtocol protocol = builtIn(parts[0], List.of(parts).subList(1, parts.length));
        org.bmsw.protocol.dbc.DbcWriter.write(protocol.codec().database(), out);
    }

    private static final java.util.Map<String, DbcDatabase> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Parses one of the DBC files shipped in this package (once; databases are immutable). */
    public static DbcDatabase load(String fileName) {
        return LOADED.computeIfAbsent(fileName, CanProtocol::parseResource);
    }

    private static DbcDatabase parseResource(String fileName) {
        try (InputStream in = CanProtocol.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("built-in definition " + fileName + " missing from the bundle");
            }
            return DbcParser.parseStrict(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(fileName, e);
        }
    }

    public String id() {
        return id;
    }

    /** The compiled definition, for the allocation-free path ({@link DbcCodec#decode}). */
    public DbcCodec codec() {
        return codec;
    }

    /** One line per variant choice applied, with its sources. */
    public List<String> variantNotes() {
        return variantNotes;
    }

    /** The name a signal is shown under: its canonical name where it has one. */
    public String outputName(int signalIndex) {
        return outputName[signalIndex];
    }

    /** True when the signal maps onto the battery state (a quantity, request, alarm or an identity text). */
    public boolean isCanonical(int signalIndex) {
        return canonical[signalIndex];
    }

    /** The quantity a signal sets, or null. */
    public Quantity quantityOf(int signalIndex) {
        return quantity[signalIndex];
    }

    /** The data bytes a frame of message {@code messageIndex} needs to fit its layout. */
    public int minimumLength(int messageIndex) {
        return minimumLength[messageIndex];
    }

    /**
     * The values signal {@code signalIndex} can have in a frame that fits its layout, {@code {low, high}}
     * (infinite where unbounded).
     */
    public double[] plausibleRange(int signalIndex) {
        return new double[] { plausibleLow[signalIndex], plausibleHigh[signalIndex] };
    }

    /** The layout a message stands for in a mismatch, e.g. {@code sma-can CellInfo}. */
    public String layoutName(int messageIndex) {
        return id + " " + codec.message(messageIndex).name();
    }

    /** Expected period of a message in ms from {@code GenMsgCycleTime}, or 0 when the definition gives none. */
    public int expectedPeriodMs(DbcMessage message) {
        String cycle = message.attribute("GenMsgCycleTime");
        try {
            return cycle == null ? 0 : Integer.parseInt(cycle.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
