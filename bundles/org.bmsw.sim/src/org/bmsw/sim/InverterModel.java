package org.bmsw.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;

/**
 * How a simulated inverter obeys the battery: it drives the battery current towards what the site asks for (the
 * demand, + charging), held within the limits the battery sent, but it takes the limits into account only
 * {@link Settings#reactionLagS()} after they arrive and moves its current by at most
 * {@link Settings#rampAps()} per second, as real inverters do. Switches make it ignore the charge current limit,
 * the discharge current limit, the charge voltage limit, a force-charge request, a protection alarm or the
 * battery's silence (a well-behaved inverter stops after {@link Settings#silenceTimeoutS()} without news), so that
 * a compliance check can be shown both a site that obeys and one that does not. Not thread-safe.
 */
public final class InverterModel {

    /**
     * @param reactionLagS seconds from a battery report to the moment the inverter acts on it
     * @param rampAps how fast the current may change, A/s; 0 for at once
     * @param silenceTimeoutS seconds without a report after which an obeying inverter stops charging and
     *        discharging
     * @param forceChargeA the current an obeying inverter charges with while the battery requests a force charge
     */
    public record Settings(double reactionLagS, double rampAps, double silenceTimeoutS, double forceChargeA,
            boolean ignoreCcl, boolean ignoreDcl, boolean ignoreCvl, boolean ignoreForceCharge, boolean ignoreAlarm,
            boolean ignoreSilence) {

        public Settings {
            if (!(reactionLagS >= 0) || !(rampAps >= 0) || !(silenceTimeoutS > 0) || !(forceChargeA >= 0)) {
                throw new IllegalArgumentException("reaction lag, ramp rate and force-charge current are 0 or more, "
                        + "the silence timeout above 0");
            }
        }

        /**
         * An inverter that obeys: acts 2 s after a report, ramps at 10 A/s, stops after 10 s of silence,
         * force-charges at 5 A.
         */
        public static Settings obedient() {
            return new Settings(2, 10, 10, 5, false, false, false, false, false, false);
        }

        public Settings withReactionLagS(double seconds) {
            return new Settings(seconds, rampAps, silenceTimeoutS, forceChargeA, ignoreCcl, ignoreDcl, ignoreCvl,
                    ignoreForceCharge, ignoreAlarm, ignoreSilence);
        }

        public Settings withRampAps(double ampsPerSecond) {
            return new Settings(reactionLagS, ampsPerSecond, silenceTimeoutS, forceChargeA, ignoreCcl, ignoreDcl,
                    ignoreCvl, ignoreForceCharge, ignoreAlarm, ignoreSilence);
        }

        /** Which limit or request to ignore: {@code ccl}, {@code dcl}, {@code cvl}, {@code force-charge},
         * {@code alarm}, {@code silence}. */
        public Settings ignoring(String what) {
            return switch (what) {
            case "ccl" -> new Settings(reactionLagS, rampAps, silenceTimeoutS, forceChargeA, true, ignoreDcl,
                    ignoreCvl, ignoreForceCharge, ignoreAlarm, ignoreSilence);
            case "dcl" -> new Settings(reactionLagS, rampAps, silenceTimeoutS, forceChargeA, ignoreCcl, true,
                    ignoreCvl, ignoreForceCharge, ignoreAlarm, ignoreSilence);
            case "cvl" -> new Settings(reactionLagS, rampAps, silenceTimeoutS, forceChargeA, ignoreCcl, ignoreDcl,
                    true, ignoreForceCharge, ignoreAlarm, ignoreSilence);
            case "force-charge" -> new Settings(reactionLagS, rampAps, silenceTimeoutS, forceChargeA, ignoreCcl,
                    ignoreDcl, ignoreCvl, true, ignoreAlarm, ignoreSilence);
            case "alarm" -> new Settings(reactionLagS, rampAps, silenceTimeoutS, forceChargeA, ignoreCcl, ignoreDcl,
                    ignoreCvl, ignoreForceCharge, true, ignoreSilence);
            case "silence" -> new Settings(reactionLagS, rampAps, silenceTimeoutS, forceChargeA, ignoreCcl,
                    ignoreDcl, ignoreCvl, ignoreForceCharge, ignoreAlarm, true);
            default -> throw new IllegalArgumentException("'" + what + "' is not one of ccl, dcl, cvl, force-charge, "
                    + "alarm, silence");
            };
        }
    }

    /**
     * What the inverter shows at one moment.
     *
     * @param currentA the battery current it drives and measures, + charging
     * @param received the latest battery report, shown as received at once (acted on after the lag), or null before
     *        the first or after silence
     * @param chargeSetpointA the charge current it aims at, within what it obeys (0 or more)
     * @param dischargeSetpointA the discharge current it aims at, a magnitude (0 or more)
     * @param bmsCommunicationOk false once the battery has been silent for the silence timeout
     */
    public record Output(double currentA, BatteryState received, double chargeSetpointA, double dischargeSetpointA,
            boolean bmsCommunicationOk) {
    }

    private record Report(double atS, BatteryState state) {
    }

    private final Settings settings;
    private final Deque<Report> pending = new ArrayDeque<>();
    private BatteryState acting;
    /** The latest report: what the inverter shows as received at once, though it acts on it after the lag. */
    private BatteryState latest;
    private double lastReportS = Double.NaN;
    private double lastStepS = Double.NaN;
    private double currentA;

    public InverterModel(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** A report from the battery at {@code atS} (its limits, requests and alarms); acted on after the lag. */
    public void report(double atS, BatteryState state) {
        pending.addLast(new Report(atS, state));
        lastReportS = atS;
        latest = state;
    }

    /**
     * Moves the model to {@code nowS} with the site asking for {@code demandA} (+ charging) at battery voltage
     * {@code voltageV}, and returns what the inverter does and shows.
     */
    public Output step(double nowS, double demandA, double voltageV) {
        while (!pending.isEmpty() && pending.peekFirst().atS() + settings.reactionLagS() <= nowS) {
            acting = pending.pollFirst().state();
        }
        boolean silent = Double.isNaN(lastReportS) || nowS - lastReportS >= settings.silenceTimeoutS();
        double charge = Math.max(0, demandA);
        double discharge = Math.max(0, -demandA);
        BatteryState obeyed = silent && settings.ignoreSilence() ? acting : silent ? null : acting;
        if (obeyed == null) {
            charge = 0; // no battery to follow: a safe inverter does neither
            discharge = 0;
        } else {
            if (!settings.ignoreCcl()) {
                charge = Math.min(charge, obeyed.get(Quantity.CHARGE_CURRENT_LIMIT).orElse(charge));
            }
            if (!settings.ignoreDcl()) {
                discharge = Math.min(discharge, obeyed.get(Quantity.DISCHARGE_CURRENT_LIMIT).orElse(discharge));
            }
            if (!settings.ignoreCvl() && voltageV >= obeyed.get(Quantity.CHARGE_VOLTAGE_LIMIT)
                    .orElse(Double.POSITIVE_INFINITY)) {
                charge = 0;
            }
            if (!settings.ignoreCcl() && Boolean.FALSE.equals(obeyed.get(Request.CHARGE_ENABLE).orElse(null))) {
                charge = 0;
            }
            if (!settings.ignoreDcl() && Boolean.FALSE.equals(obeyed.get(Request.DISCHARGE_ENABLE).orElse(null))) {
                discharge = 0;
            }
            if (!settings.ignoreForceCharge() && (obeyed.get(Request.FORCE_CHARGE_REQUEST_I).orElse(false)
                    || obeyed.get(Request.FORCE_CHARGE_REQUEST_II).orElse(false))) {
                discharge = 0;
                charge = Math.max(charge, Math.min(settings.forceChargeA(),
                        obeyed.get(Quantity.CHARGE_CURRENT_LIMIT).orElse(settings.forceChargeA())));
            }
            if (!settings.ignoreAlarm() && obeyed.hasAlarm(AlarmLevel.PROTECTION)) {
                charge = 0;
                discharge = 0;
            }
        }
        double target = charge > 0 ? charge : -discharge;
        double dt = Double.isNaN(lastStepS) ? 0 : Math.max(0, nowS - lastStepS);
        lastStepS = nowS;
        if (settings.rampAps() == 0) {
            currentA = target;
        } else {
            double maxStep = settings.rampAps() * dt;
            currentA += Math.max(-maxStep, Math.min(maxStep, target - currentA));
        }
        return new Output(currentA, silent ? null : latest, charge, discharge, !silent);
    }
}
