package org.bmsw.core.state;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The battery's front indicators (RUN, ALM, SOC) mirrored from the decoded state, by the rules of
 * battery-state.md "LED panel": RUN lit while frames arrive in time and no protection is active; ALM lit while any
 * protection or warning is active (blinking when the profile says so); SOC shows {@code soc_pct}. Plain logic, so
 * the workbench's panel only draws what this says and the rules are tested without a display.
 */
public final class LedPanel {

    /** Frames older than this (3 battery cycles of 1 s) no longer count as "arriving in time". */
    public static final long STALE_AFTER_NS = 3_000_000_000L;

    /** Default SOC bar: four segments of 25 %, as the common 48 V rack batteries show. */
    public static final int DEFAULT_SOC_SEGMENTS = 4;

    public enum Colour {
        GREEN, RED, OFF
    }

    /**
     * One indicator as the battery shows it.
     *
     * @param name RUN, ALM or SOC
     * @param colour its colour when lit ({@link Colour#OFF} when dark)
     * @param blinkPeriodMs 0 for steady light, else the blink period
     * @param socSegments for SOC: how many bar segments are lit (else 0)
     * @param text what it shows in words, e.g. "88 %", "high_voltage/protection"
     * @param reason why it is in this state, for a tooltip
     */
    public record Led(String name, Colour colour, int blinkPeriodMs, int socSegments, String text, String reason) {
        public Led {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(colour, "colour");
        }

        public boolean isLit() {
            return colour != Colour.OFF;
        }

        /** Whether it is lit at {@code millis} (blinking: lit in the first half of each period). */
        public boolean isLitAt(long millis) {
            return isLit() && (blinkPeriodMs <= 0 || Math.floorMod(millis, blinkPeriodMs) < blinkPeriodMs / 2);
        }
    }

    /**
     * What a profile may change: blink periods of ALM for a warning and a protection (0 = steady, the default of
     * battery-state.md) and the number of SOC segments.
     */
    public record Rules(int warningBlinkMs, int protectionBlinkMs, int socSegments) {
        public static final Rules DEFAULT = new Rules(0, 0, DEFAULT_SOC_SEGMENTS);

        public Rules {
            if (warningBlinkMs < 0 || protectionBlinkMs < 0 || socSegments < 1) {
                throw new IllegalArgumentException("blink periods must be >= 0 and SOC segments >= 1, got "
                        + warningBlinkMs + ", " + protectionBlinkMs + ", " + socSegments);
            }
        }
    }

    /** The three indicators, and the inputs they came from. */
    public record Panel(Led run, Led alm, Led soc, boolean receiving) {
        public List<Led> leds() {
            return List.of(run, alm, soc);
        }
    }

    private LedPanel() {
    }

    /** True when the newest frame ({@code lastFrameNs}) is at most {@link #STALE_AFTER_NS} older than {@code nowNs}. */
    public static boolean receiving(long lastFrameNs, long nowNs) {
        return lastFrameNs != Long.MIN_VALUE && nowNs - lastFrameNs <= STALE_AFTER_NS;
    }

    /**
     * The panel for {@code state}.
     *
     * @param receiving whether frames arrive in time (see {@link #receiving(long, long)})
     */
    public static Panel of(BatteryState state, boolean receiving, Rules rules) {
        boolean protection = state.hasAlarm(AlarmLevel.PROTECTION);
        boolean warning = state.hasAlarm(AlarmLevel.WARNING);

        Led run;
        if (!receiving) {
            run = new Led("RUN", Colour.OFF, 0, 0, "off", state.isEmpty() ? "no frames received" : "no frames for "
                    + STALE_AFTER_NS / 1_000_000_000L + " s: communication lost");
        } else if (protection) {
            run = new Led("RUN", Colour.OFF, 0, 0, "off", "protection active: " + alarms(state, AlarmLevel.PROTECTION));
        } else {
            run = new Led("RUN", Colour.GREEN, 0, 0, "on", "frames arrive in time, no protection active");
        }

        Led alm;
        if (protection || warning) {
            String active = state.alarms().stream().map(Alarm::toString).collect(Collectors.joining(", "));
            alm = new Led("ALM", Colour.RED, protection ? rules.protectionBlinkMs() : rules.warningBlinkMs(), 0,
                    protection ? "protection" : "warning", active);
        } else {
            alm = new Led("ALM", Colour.OFF, 0, 0, "off", "no alarm active");
        }

        OptionalDouble soc = state.get(Quantity.SOC);
        Led socLed;
        if (soc.isEmpty()) {
            socLed = new Led("SOC", Colour.OFF, 0, 0, "\u2014", "soc_pct not received");
        } else {
            int segments = socSegments(soc.getAsDouble(), rules.socSegments());
            socLed = new Led("SOC", segments == 0 ? Colour.OFF : Colour.GREEN, 0, segments,
                    formatPercent(soc.getAsDouble()), "soc_pct = " + formatPercent(soc.getAsDouble()));
        }
        return new Panel(run, alm, socLed, receiving);
    }

    /**
     * Segments lit for {@code socPct} on a bar of {@code segments}: every started share lights one (88 % on four
     * segments lights four, 25 % lights one, 0 % none), as bar indicators count remaining charge.
     */
    public static int socSegments(double socPct, int segments) {
        double clamped = Math.max(0, Math.min(100, socPct));
        return (int) Math.min(segments, Math.ceil(clamped * segments / 100.0 - 1e-9));
    }

    private static String alarms(BatteryState state, AlarmLevel level) {
        return state.alarms().stream().filter(a -> a.level() == level).map(a -> a.name().canonicalName())
                .collect(Collectors.joining(", "));
    }

    private static String formatPercent(double value) {
        return (value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f",
                value)) + " %";
    }
}
