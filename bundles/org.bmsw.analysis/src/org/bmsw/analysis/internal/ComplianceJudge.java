package org.bmsw.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.analysis.Checks;
import org.bmsw.analysis.Finding;
import org.bmsw.analysis.FrameRef;
import org.bmsw.analysis.LimitChange;
import org.bmsw.analysis.ReactionDetail;
import org.bmsw.analysis.Severity;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;

/**
 * The compliance checks of one channel, with a reaction time: does what is measured stay within the limits the
 * battery sent? Measured by the battery ({@code current_A}, {@code voltage_V}) and, where the trace holds them, by
 * the inverter itself ({@code inverter_current_A}, {@code inverter_voltage_V}: an SMA Sunny Island's 0x305, an
 * inverter's register map), each judged on its own.
 * <p>
 * An inverter needs a moment to follow a lowered limit, so an excess counts only once it has lasted longer than the
 * reaction time allowed: from the moment the battery lowered the limit (or withdrew a permission), or from the
 * start of the excess when the limit stayed put. Every lowered limit is logged with the reaction observed: the
 * time from the change to the first measurement within the new limit. A finding names the change, the reaction
 * observed and the worst excess after the allowance.
 */
public final class ComplianceJudge {

    /** The checks, in the order of their limits in {@link #limits}. */
    private enum Kind {
        CHARGE_CURRENT(Checks.COMPLIANCE_CHARGE_CURRENT, "charge_current_limit_A", true, 1),
        DISCHARGE_CURRENT(Checks.COMPLIANCE_DISCHARGE_CURRENT, "discharge_current_limit_A", true, -1),
        CHARGE_VOLTAGE(Checks.COMPLIANCE_CHARGE_VOLTAGE, "charge_voltage_limit_V", false, 1),
        DISCHARGE_VOLTAGE(Checks.COMPLIANCE_DISCHARGE_VOLTAGE, "discharge_voltage_limit_V", false, -1),
        CHARGE_ENABLE(Checks.COMPLIANCE_CHARGE_ENABLE, "charge_enable", true, 1),
        DISCHARGE_ENABLE(Checks.COMPLIANCE_DISCHARGE_ENABLE, "discharge_enable", true, -1);

        final String check;
        final String limitName;
        final boolean current;
        /** +1: the measurement must stay at or below the limit; -1: at or above it. */
        final int direction;

        Kind(String check, String limitName, boolean current, int direction) {
            this.check = check;
            this.limitName = limitName;
            this.current = current;
            this.direction = direction;
        }

        /** How far past the limit a measurement may go before it is an excess (sensor and rounding). */
        double tolerance(double limit) {
            return switch (this) {
            case CHARGE_CURRENT, DISCHARGE_CURRENT -> Math.max(1, 0.02 * Math.abs(limit));
            case CHARGE_VOLTAGE, DISCHARGE_VOLTAGE -> 0.2;
            case CHARGE_ENABLE, DISCHARGE_ENABLE -> 1;
            };
        }

        /**
         * The limit as a bound on the measurement, from the state: {@code -DCL} for the discharge current, 0 for a
         * permission withdrawn and no bound for one given; NaN when the battery has not sent it.
         */
        double bound(BatteryState state) {
            return switch (this) {
            case CHARGE_CURRENT -> state.get(Quantity.CHARGE_CURRENT_LIMIT).orElse(Double.NaN);
            case DISCHARGE_CURRENT -> -state.get(Quantity.DISCHARGE_CURRENT_LIMIT).orElse(Double.NaN);
            case CHARGE_VOLTAGE -> state.get(Quantity.CHARGE_VOLTAGE_LIMIT).orElse(Double.NaN);
            case DISCHARGE_VOLTAGE -> state.get(Quantity.DISCHARGE_VOLTAGE_LIMIT).orElse(Double.NaN);
            case CHARGE_ENABLE -> state.get(Request.CHARGE_ENABLE).map(on -> on ? Double.POSITIVE_INFINITY : 0.0)
                    .orElse(Double.NaN);
            case DISCHARGE_ENABLE -> state.get(Request.DISCHARGE_ENABLE)
                    .map(on -> on ? Double.NEGATIVE_INFINITY : 0.0).orElse(Double.NaN);
            };
        }

        /** The limit as the table shows it: a magnitude for DCL, 1 and 0 for a permission. */
        double shown(double bound) {
            return switch (this) {
            case DISCHARGE_CURRENT -> -bound;
            case CHARGE_ENABLE, DISCHARGE_ENABLE -> Double.isNaN(bound) ? bound : Double.isInfinite(bound) ? 1 : 0;
            default -> bound;
            };
        }
    }

    private static final Kind[] KINDS = Kind.values();

    private final String channel;
    private final FindingCollector findings;
    private final long allowanceNs;
    private final double allowanceS;
    private final List<LimitChange> changes = new ArrayList<>();
    private long changeCount;
    /** The latest bound of each kind, NaN before the first. */
    private final double[] limits = new double[KINDS.length];
    private final Check[] battery;
    private Check[] inverter;

    public ComplianceJudge(String channel, FindingCollector findings, double reactionS) {
        this.channel = channel;
        this.findings = findings;
        this.allowanceS = reactionS;
        this.allowanceNs = Math.round(reactionS * 1e9);
        java.util.Arrays.fill(limits, Double.NaN);
        battery = checks(false);
    }

    private Check[] checks(boolean inverterMeasured) {
        Check[] checks = new Check[KINDS.length];
        for (Kind kind : KINDS) {
            checks[kind.ordinal()] = new Check(kind, inverterMeasured);
        }
        return checks;
    }

    /** After a message that carried a limit or a permission: notes the limits lowered (and the ones raised). */
    public void limits(BatteryState state, FrameRef frame) {
        for (Kind kind : KINDS) {
            double bound = kind.bound(state);
            double before = limits[kind.ordinal()];
            if (Double.isNaN(bound) || bound == before) {
                continue;
            }
            limits[kind.ordinal()] = bound;
            boolean lowered = Double.isNaN(before)
                    || kind.direction * (before - bound) > kind.tolerance(bound);
            if (!lowered && kind.direction * (bound - before) <= kind.tolerance(bound)) {
                continue; // a wiggle within the tolerance (a BMS that recomputes its limit every second)
            }
            tell(battery[kind.ordinal()], lowered, before, bound, frame);
            if (inverter != null) {
                tell(inverter[kind.ordinal()], lowered, before, bound, frame);
            }
        }
    }

    private static void tell(Check check, boolean lowered, double before, double bound, FrameRef frame) {
        if (lowered) {
            check.lowered(before, bound, frame);
        } else {
            check.raised();
        }
    }

    /** The battery's own measurement ({@code current_A}, {@code voltage_V}; NaN when not sent yet). */
    public void battery(BatteryState state, double current, double voltage, FrameRef frame) {
        judge(battery, state, current, voltage, frame);
    }

    /**
     * The inverter's own measurement of the battery ({@code inverter_current_A}, {@code inverter_voltage_V}); a
     * frame of zeros (what a Victron GX sends in the Sunny Island's 0x305) is no measurement.
     */
    public void inverter(BatteryState state, double current, double voltage, FrameRef frame) {
        if (!(Math.abs(voltage) > 0)) {
            return;
        }
        if (inverter == null) {
            inverter = checks(true);
        }
        judge(inverter, state, current, voltage, frame);
    }

    private void judge(Check[] checks, BatteryState state, double current, double voltage, FrameRef frame) {
        for (Kind kind : KINDS) {
            double value = kind.current ? current : voltage;
            double bound = kind.bound(state);
            if (!Double.isNaN(value) && !Double.isNaN(bound)) {
                findings.add(checks[kind.ordinal()].measured(value, bound, frame));
            }
        }
    }

    /** Ends the open excesses and the changes still waiting at the end of the trace. */
    public void finish() {
        List<Check[]> sources = inverter == null ? List.<Check[]>of(battery) : List.of(battery, inverter);
        for (Check[] checks : sources) {
            for (Check check : checks) {
                findings.add(check.finish());
            }
        }
    }

    /** The limit changes logged on this channel (the first {@code AnalysisReport.MAX_LIMIT_CHANGES}). */
    public List<LimitChange> changes() {
        return changes;
    }

    /** How many limit changes were logged, kept or not. */
    public long changeCount() {
        return changeCount;
    }

    private void log(Check check, String outcome, double reactionS) {
        changeCount++;
        if (changes.size() < org.bmsw.analysis.AnalysisReport.MAX_LIMIT_CHANGES) {
            Kind kind = check.kind;
            changes.add(new LimitChange(channel, kind.check, kind.limitName, check.measured,
                    kind.shown(check.changeFrom), kind.shown(check.changeTo), check.changeNs, check.changeRow,
                    reactionS, allowanceS, outcome));
        }
    }

    /** One check of one measured source. */
    private final class Check {
        final Kind kind;
        final String measured;
        final Episode episode;
        // the latest lowered limit, while what is measured has not followed it
        boolean pending;
        double changeFrom;
        double changeTo;
        long changeNs;
        long changeRow;
        boolean seen; // a measurement came since the start
        double last = Double.NaN;
        double lastBound = Double.NaN;
        long excessStartNs = -1;
        // what the open episode reports
        boolean episodeAfterChange;
        double episodeFrom;
        double episodeTo;
        long episodeFromNs;
        double worstExcess;

        Check(Kind kind, boolean inverterMeasured) {
            this.kind = kind;
            String current = inverterMeasured ? "inverter_current_A" : "current_A";
            String voltage = inverterMeasured ? "inverter_voltage_V" : "voltage_V";
            this.measured = kind.current ? current : voltage;
            String who = inverterMeasured ? "the inverter measured " : "";
            Episode.Describer describer = switch (kind) {
            case CHARGE_CURRENT -> (w, l, s, e, n) -> who + "charging at up to " + Text.num(w) + " A above the "
                    + "charge current limit (charge_current_limit_A " + Text.num(l) + " A) for " + Text.duration(e - s)
                    + ", " + n + " frame" + (n == 1 ? "" : "s");
            case DISCHARGE_CURRENT -> (w, l, s, e, n) -> who + "discharging at up to " + Text.num(-w) + " A above "
                    + "the discharge current limit (discharge_current_limit_A " + Text.num(-l) + " A) for "
                    + Text.duration(e - s) + ", " + n + " frame" + (n == 1 ? "" : "s");
            case CHARGE_VOLTAGE -> (w, l, s, e, n) -> who + measured + " up to " + Text.num(w) + " V above the "
                    + "charge voltage limit (charge_voltage_limit_V " + Text.num(l) + " V) for " + Text.duration(e - s);
            case DISCHARGE_VOLTAGE -> (w, l, s, e, n) -> who + measured + " down to " + Text.num(w) + " V below the "
                    + "discharge voltage limit (discharge_voltage_limit_V " + Text.num(l) + " V) for "
                    + Text.duration(e - s);
            case CHARGE_ENABLE -> (w, l, s, e, n) -> who + "charging at up to " + Text.num(w) + " A while "
                    + "charge_enable is false, for " + Text.duration(e - s) + ", " + n + " frame" + (n == 1 ? "" : "s");
            case DISCHARGE_ENABLE -> (w, l, s, e, n) -> who + "discharging at up to " + Text.num(-w) + " A while "
                    + "discharge_enable is false, for " + Text.duration(e - s) + ", " + n + " frame"
                    + (n == 1 ? "" : "s");
            };
            episode = new Episode(kind.check, Severity.ERROR, channel, measured, kind.direction, describer);
        }

        boolean exceeds(double value, double bound) {
            return kind.direction * (value - bound) > kind.tolerance(bound);
        }

        void lowered(double from, double to, FrameRef frame) {
            if (pending) {
                log(this, LimitChange.SUPERSEDED, Double.NaN);
            }
            if (!seen) {
                pending = false; // nothing measured here yet: nothing to react
                return;
            }
            pending = true;
            changeFrom = from;
            changeTo = to;
            changeNs = frame.timestampNs();
            changeRow = frame.row();
            if (!Double.isNaN(last) && !exceeds(last, to)) {
                pending = false;
                log(this, LimitChange.WITHIN, 0); // within the new limit already
            }
        }

        void raised() {
            if (pending) {
                pending = false;
                log(this, LimitChange.SUPERSEDED, Double.NaN);
            }
        }

        Finding measured(double value, double bound, FrameRef frame) {
            seen = true;
            last = value;
            lastBound = bound;
            long t = frame.timestampNs();
            if (!exceeds(value, bound)) {
                double reactionS = Double.NaN;
                if (pending) {
                    pending = false;
                    reactionS = (t - changeNs) / 1e9;
                    log(this, t - changeNs <= allowanceNs ? LimitChange.WITHIN : LimitChange.LATE, reactionS);
                }
                long excessStart = excessStartNs;
                excessStartNs = -1;
                if (!episode.isOpen()) {
                    return null;
                }
                double reaction = episodeAfterChange ? reactionS : (t - excessStart) / 1e9;
                return detailed(episode.update(false, value, bound, frame), reaction);
            }
            if (excessStartNs < 0) {
                excessStartNs = t;
            }
            long from = pending ? changeNs : excessStartNs;
            if (!episode.isOpen()) {
                if (t - from < allowanceNs) {
                    return null; // the inverter is still within the reaction time allowed
                }
                episodeAfterChange = pending;
                episodeFrom = pending ? changeFrom : Double.NaN;
                episodeTo = pending ? changeTo : bound;
                episodeFromNs = from;
                worstExcess = 0;
            }
            worstExcess = Math.max(worstExcess, kind.direction * (value - bound) - kind.tolerance(bound));
            return episode.update(true, value, bound, frame);
        }

        Finding finish() {
            if (pending) {
                pending = false;
                log(this, LimitChange.NOT_SETTLED, Double.NaN);
            }
            return detailed(episode.finish(), Double.NaN);
        }

        /** The finding with the limit change, the reaction observed and the worst excess after the allowance. */
        Finding detailed(Finding finding, double reactionS) {
            if (finding == null) {
                return null;
            }
            String unit = kind.current ? " A" : " V";
            StringBuilder text = new StringBuilder(finding.message());
            if (episodeAfterChange) {
                text.append("; after ").append(kind.limitName);
                if (kind == Kind.CHARGE_ENABLE || kind == Kind.DISCHARGE_ENABLE) {
                    text.append(" turned false");
                } else if (Double.isNaN(episodeFrom)) {
                    text.append(" was first sent as ").append(Text.num(kind.shown(episodeTo))).append(unit);
                } else {
                    text.append(" fell from ").append(Text.num(kind.shown(episodeFrom))).append(" to ")
                            .append(Text.num(kind.shown(episodeTo))).append(unit);
                }
                text.append(" at ").append(Text.time(episodeFromNs)).append(", ");
            } else {
                text.append("; beyond the limit from ").append(Text.time(episodeFromNs)).append(", ");
            }
            text.append(Double.isNaN(reactionS) ? "not within it again by the end of the trace"
                    : "within it again after " + Text.num(Math.round(reactionS * 1000) / 1000.0) + " s")
                    .append(" (").append(Text.num(allowanceS)).append(" s reaction time allowed); worst excess ")
                    .append(Text.num(Math.round(worstExcess * 1000) / 1000.0)).append(unit)
                    .append(" past the limit and its tolerance after the allowance");
            ReactionDetail detail = new ReactionDetail(kind.limitName, kind.shown(episodeFrom),
                    kind.shown(episodeTo), episodeFromNs, reactionS, allowanceS, worstExcess);
            return new Finding(finding.check(), finding.severity(), finding.channel(), text.toString(),
                    finding.startNs(), finding.endNs(), finding.quantity(), finding.worstValue(), finding.limit(),
                    finding.frames(), detail);
        }
    }
}
