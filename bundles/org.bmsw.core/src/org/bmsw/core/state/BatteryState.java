package org.bmsw.core.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the battery has told the inverter so far, in the canonical vocabulary: quantities ({@link Quantity}),
 * the battery's identity texts ({@link Identity}: manufacturer, model, serial number, versions), requests ({@link Request}) and active alarms ({@link Alarm}). Every protocol decoder
 * produces these, whatever the battery speaks.
 * <p>
 * Immutable. Decoders fold frames into it with {@link #toBuilder()}; a value the battery has not sent is
 * absent, never zero.
 */
public final class BatteryState {

    private static final Quantity[] QUANTITIES = Quantity.values();
    private static final Request[] REQUESTS = Request.values();
    private static final Identity[] IDENTITIES = Identity.values();
    private static final int LEVELS = AlarmLevel.values().length;
    /** Every alarm, at the bit {@link Builder} keeps it: name ordinal × levels + level ordinal. */
    private static final Alarm[] ALARMS = allAlarms();
    /** The alarms of each level as a mask, for {@link Builder#clearAlarms(AlarmLevel)}. */
    private static final long[] LEVEL_MASKS = levelMasks();
    private static final long ALL_ALARMS = ALARMS.length >= 64 ? -1L : (1L << ALARMS.length) - 1;

    /** The empty state: nothing received yet. */
    public static final BatteryState EMPTY = builder().build();

    private final long timestampNs;
    private final EnumMap<Quantity, Double> quantities;
    private final EnumMap<Identity, String> identity;
    private final EnumMap<Request, Boolean> requests;
    private final SortedSet<Alarm> alarms;

    private BatteryState(Builder builder) {
        timestampNs = builder.timestampNs;
        quantities = new EnumMap<>(Quantity.class);
        for (Quantity quantity : QUANTITIES) {
            if (builder.quantitySet[quantity.ordinal()]) {
                quantities.put(quantity, builder.quantities[quantity.ordinal()]);
            }
        }
        identity = new EnumMap<>(Identity.class);
        for (Identity name : IDENTITIES) {
            if (builder.identity[name.ordinal()] != null) {
                identity.put(name, builder.identity[name.ordinal()]);
            }
        }
        requests = new EnumMap<>(Request.class);
        for (Request request : REQUESTS) {
            if ((builder.requestsSet & 1 << request.ordinal()) != 0) {
                requests.put(request, (builder.requestsTrue & 1 << request.ordinal()) != 0);
            }
        }
        TreeSet<Alarm> active = new TreeSet<>();
        for (long bits = builder.alarms; bits != 0; bits &= bits - 1) {
            active.add(ALARMS[Long.numberOfTrailingZeros(bits)]);
        }
        alarms = Collections.unmodifiableSortedSet(active);
    }


    private static Alarm[] allAlarms() {
        Alarm[] all = new Alarm[AlarmName.values().length * LEVELS];
        for (AlarmName name : AlarmName.values()) {
            for (AlarmLevel level : AlarmLevel.values()) {
                all[bit(name, level)] = new Alarm(name, level);
            }
        }
        return all;
    }

    private static int bit(AlarmName name, AlarmLevel level) {
        return name.ordinal() * LEVELS + level.ordinal();
    }


    private static long[] levelMasks() {
        long[] masks = new long[LEVELS];
        for (int bit = 0; bit < ALARMS.length; bit++) {
            masks[bit % LEVELS] |= 1L << bit;
        }
        return masks;
    }

    /**
     * One alarm as a mask for {@link Builder#raiseAlarms(long)} and {@link Builder#clearAlarms(long)}: a decoder
     * that folds millions of frames works it out once per signal. Masks of several alarms combine with {@code |}.
     */
    public static long alarmMask(AlarmName name, AlarmLevel level) {
        return 1L << bit(Objects.requireNonNull(name, "name"), Objects.requireNonNull(level, "level"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this state, for folding in the next frame. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.timestampNs = timestampNs;
        quantities.forEach(builder::set);
        identity.forEach(builder::set);
        requests.forEach(builder::set);
        alarms.forEach(alarm -> builder.raise(alarm.name(), alarm.level()));
        return builder;
    }

    /** Time of the newest information in this state, in the time base of the trace it came from. */
    public long timestampNs() {
        return timestampNs;
    }

    public OptionalDouble get(Quantity quantity) {
        Double value = quantities.get(quantity);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** The manufacturer the battery names, e.g. "PYLON". */
    public Optional<String> manufacturer() {
        return get(Identity.MANUFACTURER);
    }

    /** One text of the battery's identity, e.g. its serial number. */
    public Optional<String> get(Identity name) {
        return Optional.ofNullable(identity.get(name));
    }

    /** The identity texts the battery sent, in {@link Identity} order. */
    public Map<Identity, String> identity() {
        return Collections.unmodifiableMap(identity);
    }

    public Optional<Boolean> get(Request request) {
        return Optional.ofNullable(requests.get(request));
    }

    /** Active alarms, protections first. */
    public SortedSet<Alarm> alarms() {
        return alarms;
    }

    public boolean hasAlarm(AlarmLevel level) {
        return alarms.stream().anyMatch(alarm -> alarm.level() == level);
    }

    /** True when nothing has been received. */
    public boolean isEmpty() {
        return quantities.isEmpty() && identity.isEmpty() && requests.isEmpty() && alarms.isEmpty();
    }

    /**
     * The state as canonical name/value pairs in a fixed order (quantities, the identity texts, requests,
     * then {@code alarms} as a list of {@code {name, level}}), ready for a JSON writer. Absent values are left
     * out; {@code alarms} is always present so "no alarm" reads as an empty list.
     */
    public Map<String, Object> toCanonicalMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        quantities.forEach((quantity, value) -> map.put(quantity.canonicalName(), value));
        identity.forEach((name, text) -> map.put(name.canonicalName(), text));
        requests.forEach((request, value) -> map.put(request.canonicalName(), value));
        List<Map<String, String>> alarmList = new ArrayList<>();
        for (Alarm alarm : alarms) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", alarm.name().canonicalName());
            entry.put("level", alarm.level().canonicalName());
            alarmList.add(entry);
        }
        map.put("alarms", alarmList);
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatteryState that && timestampNs == that.timestampNs
                && quantities.equals(that.quantities) && identity.equals(that.identity)
                && requests.equals(that.requests) && alarms.equals(that.alarms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampNs, quantities, identity, requests, alarms);
    }

    @Override
    public String toString() {
        return "BatteryState@" + timestampNs + toCanonicalMap();
    }

    /** Collects values for a {@link BatteryState}; not thread-safe. */
    public static final class Builder {
        // arrays and bit masks, not maps and sets: decoders fold millions of frames through a builder
        private long timestampNs;
        private final double[] quantities = new double[QUANTITIES.length];
        private final boolean[] quantitySet = new boolean[QUANTITIES.length];
        private final String[] identity = new String[IDENTITIES.length];
        private int requestsSet;
        private int requestsTrue;
        private long alarms;

        private Builder() {
        }

        public Builder timestampNs(long timestampNs) {
            this.timestampNs = timestampNs;
            return this;
        }

        /** Sets a quantity; NaN and infinities are refused because no battery sends them. */
        public Builder set(Quantity quantity, double value) {
            Objects.requireNonNull(quantity, "quantity");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(quantity.canonicalName() + " = " + value + " is not a number");
            }
            quantities[quantity.ordinal()] = value;
            quantitySet[quantity.ordinal()] = true;
            return this;
        }

        public Builder clear(Quantity quantity) {
            quantitySet[quantity.ordinal()] = false;
            return this;
        }

        /** Whether {@code quantity} has been set. */
        public boolean has(Quantity quantity) {
            return quantitySet[quantity.ordinal()];
        }

        public Builder manufacturer(String manufacturer) {
            return set(Identity.MANUFACTURER, manufacturer);
        }

        /** Sets one identity text; null clears it. */
        public Builder set(Identity name, String text) {
            identity[Objects.requireNonNull(name, "name").ordinal()] = text;
            return this;
        }

        /** The identity text set so far, or null. */
        public String get(Identity name) {
            return identity[name.ordinal()];
        }

        public Builder set(Request request, boolean value) {
            int bit = 1 << Objects.requireNonNull(request, "request").ordinal();
            requestsSet |= bit;
            requestsTrue = value ? requestsTrue | bit : requestsTrue & ~bit;
            return this;
        }

        public Builder raise(AlarmName name, AlarmLevel level) {
            alarms |= 1L << bit(name, level);
            return this;
        }

        public Builder clear(AlarmName name, AlarmLevel level) {
            alarms &= ~(1L << bit(name, level));
            return this;
        }

        /** Clears every alarm of {@code level}: a frame that reports all alarms of a level replaces them. */
        public Builder clearAlarms(AlarmLevel level) {
            alarms &= ~LEVEL_MASKS[level.ordinal()];
            return this;
        }

        /** Raises the alarms of {@code mask} (made with {@link BatteryState#alarmMask}). */
        public Builder raiseAlarms(long mask) {
            alarms |= mask & ALL_ALARMS;
            return this;
        }

        /** Clears the alarms of {@code mask} (made with {@link BatteryState#alarmMask}). */
        public Builder clearAlarms(long mask) {
            alarms &= ~mask;
            return this;
        }

        /**
         * Sets a value by its canonical name, as profiles and JSON name them: a quantity takes a number, a request
         * a boolean, an identity name ({@code manufacturer}, {@code serial_number}, ...) a string.
         *
         * @throws IllegalArgumentException naming the unknown name or the wrongly typed value
         */
        public Builder setByName(String canonicalName, Object value) {
            Optional<Quantity> quantity = Quantity.byName(canonicalName);
            if (quantity.isPresent()) {
                if (!(value instanceof Number number)) {
                    throw new IllegalArgumentException(canonicalName + " takes a number, not " + describe(value));
                }
                return set(quantity.get(), number.doubleValue());
            }
            Optional<Request> request = Request.byName(canonicalName);
            if (request.isPresent()) {
                if (!(value instanceof Boolean flag)) {
                    throw new IllegalArgumentException(canonicalName + " takes true or false, not " + describe(value));
                }
                return set(request.get(), flag);
            }
            Optional<Identity> identityName = Identity.byName(canonicalName);
            if (identityName.isPresent()) {
                if (!(value instanceof String text)) {
                    throw new IllegalArgumentException(canonicalName + " takes a text, not " + describe(value));
                }
                return set(identityName.get(), text);
            }
            throw new IllegalArgumentException("'" + canonicalName + "' is not a canonical battery state name");
        }

        private static String describe(Object value) {
            return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
        }

        public BatteryState build() {
            return new BatteryState(this);
        }
    }
}
