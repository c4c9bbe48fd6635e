package org.bmsw.core.state;

import java.util.ArrayList;
import java.util.Arrays;
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
 * the battery's identity texts ({@link Identity}: manufacturer, model, serial number, versions), requests
 * ({@link Request}) and active alarms ({@link Alarm}). Every protocol decoder
 * produces these, whatever the battery speaks.
 * <p>
 * Immutable. Decoders fold frames into it with {@link #toBuilder()}; a value the battery has not sent is
 * absent, never zero.
 */
public final class BatteryState {

    private static final Quantity[] QUANTITIES = Quantity.values();
    private static final Identity[] IDENTITIES = Identity.values();
    private static final String[] NO_IDENTITY = new String[IDENTITIES.length];
    private static final Request[] REQUESTS = Request.values();
    private static final int LEVELS = AlarmLevel.values().length;
    /** Every alarm, at the bit {@link Builder} keeps it: name ordinal × levels + level ordinal. */
    private static final Alarm[] ALARMS = allAlarms();
    /** The alarms of each level as a mask, for {@link Builder#clearAlarms(AlarmLevel)}. */
    private static final long[] LEVEL_MASKS = levelMasks();
    private static final long ALL_ALARMS = ALARMS.length >= 64 ? -1L : (1L << ALARMS.length) - 1;

    /** The active alarms of every state without one (declared before {@link #EMPTY}, which uses it). */
    private static final SortedSet<Alarm> NO_ALARMS = Collections.unmodifiableSortedSet(new TreeSet<>());

    /** The empty state: nothing received yet. */
    public static final BatteryState EMPTY = builder().build();

    // arrays and bit masks, as the builder keeps them: a pass may take a state after every message
    private final long timestampNs;
    /** Each quantity's value by ordinal, where {@link #quantitySet} has its bit. */
    private final double[] quantities;
    private final long quantitySet;
    /** Each identity text by ordinal, null where not sent; {@link #NO_IDENTITY} when none was. */
    private final String[] identity;
    private final int requestsSet;
    private final int requestsTrue;
    private final SortedSet<Alarm> alarms;

    private BatteryState(Builder builder) {
        timestampNs = builder.timestampNs;
        quantities = builder.quantities.clone();
        long set = 0;
        for (int i = 0; i < QUANTITIES.length; i++) {
            if (builder.quantitySet[i]) {
                set |= 1L << i;
            }
        }
        quantitySet = set;
        identity = builder.identityCount == 0 ? NO_IDENTITY : builder.identity.clone();
        requestsSet = builder.requestsSet;
        requestsTrue = builder.requestsTrue & builder.requestsSet;
        if (builder.alarms == 0) {
            alarms = NO_ALARMS;
        } else {
            TreeSet<Alarm> active = new TreeSet<>();
            for (long bits = builder.alarms; bits != 0; bits &= bits - 1) {
                active.add(ALARMS[Long.numberOfTrailingZeros(bits)]);
            }
            alarms = Collections.unmodifiableSortedSet(active);
        }
    }

    private boolean has(Quantity quantity) {
        return (quantitySet & 1L << quantity.ordinal()) != 0;
    }

    private boolean has(Request request) {
        return (requestsSet & 1 << request.ordinal()) != 0;
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

    /**
     * This state with {@code above} laid over it: its quantities, requests and identity texts replace these, its
     * alarms join these, the newer timestamp is kept. How two decoders of one channel (a DBC over a protocol, the
     * CAN and the serial side of a cross-bus store) make one state.
     */
    public BatteryState overlaidBy(BatteryState above) {
        if (above.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return above;
        }
        Builder merged = toBuilder().timestampNs(Math.max(timestampNs, above.timestampNs));
        for (Quantity quantity : QUANTITIES) {
            if (above.has(quantity)) {
                merged.set(quantity, above.quantities[quantity.ordinal()]);
            }
        }
        for (Request request : REQUESTS) {
            if (above.has(request)) {
                merged.set(request, (above.requestsTrue & 1 << request.ordinal()) != 0);
            }
        }
        for (Identity name : IDENTITIES) {
            if (above.identity[name.ordinal()] != null) {
                merged.set(name, above.identity[name.ordinal()]);
            }
        }
        for (Alarm alarm : above.alarms) {
            merged.raise(alarm.name(), alarm.level());
        }
        return merged.build();
    }

    /** A builder that starts from this state, for folding in the next frame. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.timestampNs = timestampNs;
        for (Quantity quantity : QUANTITIES) {
            if (has(quantity)) {
                builder.set(quantity, quantities[quantity.ordinal()]);
            }
        }
        for (Identity name : IDENTITIES) {
            builder.set(name, identity[name.ordinal()]);
        }
        builder.requestsSet = requestsSet;
        builder.requestsTrue = requestsTrue;
        alarms.forEach(alarm -> builder.raise(alarm.name(), alarm.level()));
        return builder;
    }

    /** Time of the newest information in this state, in the time base of the trace it came from. */
    public long timestampNs() {
        return timestampNs;
    }

    public OptionalDouble get(Quantity quantity) {
        return has(quantity) ? OptionalDouble.of(quantities[quantity.ordinal()]) : OptionalDouble.empty();
    }

    /** The manufacturer the battery names, e.g. "PYLON". */
    public Optional<String> manufacturer() {
        return get(Identity.MANUFACTURER);
    }

    /** One text of the battery's identity, e.g. its serial number. */
    public Optional<String> get(Identity name) {
        return Optional.ofNullable(identity[name.ordinal()]);
    }

    /** The identity texts the battery sent, in {@link Identity} order. */
    public Map<Identity, String> identity() {
        Map<Identity, String> texts = new EnumMap<>(Identity.class);
        for (Identity name : IDENTITIES) {
            if (identity[name.ordinal()] != null) {
                texts.put(name, identity[name.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(texts);
    }

    public Optional<Boolean> get(Request request) {
        return has(request) ? Optional.of((requestsTrue & 1 << request.ordinal()) != 0) : Optional.empty();
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
        return quantitySet == 0 && identity == NO_IDENTITY && requestsSet == 0 && alarms.isEmpty();
    }

    /**
     * The state as canonical name/value pairs in a fixed order (quantities, the identity texts, requests,
     * then {@code alarms} as a list of {@code {name, level}}), ready for a JSON writer. Absent values are left
     * out; {@code alarms} is always present so "no alarm" reads as an empty list.
     */
    public Map<String, Object> toCanonicalMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Quantity quantity : QUANTITIES) {
            if (has(quantity)) {
                map.put(quantity.canonicalName(), quantities[quantity.ordinal()]);
            }
        }
        for (Identity name : IDENTITIES) {
            if (identity[name.ordinal()] != null) {
                map.put(name.canonicalName(), identity[name.ordinal()]);
            }
        }
        for (Request request : REQUESTS) {
            if (has(request)) {
                map.put(request.canonicalName(), (requestsTrue & 1 << request.ordinal()) != 0);
            }
        }
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
        if (!(other instanceof BatteryState that) || timestampNs != that.timestampNs
                || quantitySet != that.quantitySet || requestsSet != that.requestsSet
                || requestsTrue != that.requestsTrue || !Arrays.equals(identity, that.identity)
                || !alarms.equals(that.alarms)) {
            return false;
        }
        for (int i = 0; i < QUANTITIES.length; i++) { // as Double.equals: by bits
            if ((quantitySet & 1L << i) != 0 && Double.doubleToLongBits(quantities[i])
                    != Double.doubleToLongBits(that.quantities[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(timestampNs, quantitySet, Arrays.hashCode(identity), requestsSet, requestsTrue, alarms);
        for (int i = 0; i < QUANTITIES.length; i++) {
            if ((quantitySet & 1L << i) != 0) {
                hash = 31 * hash + Double.hashCode(quantities[i]);
            }
        }
        return hash;
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
        private int identityCount;
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
            int i = Objects.requireNonNull(name, "name").ordinal();
            identityCount += (text != null ? 1 : 0) - (identity[i] != null ? 1 : 0);
            identity[i] = text;
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
