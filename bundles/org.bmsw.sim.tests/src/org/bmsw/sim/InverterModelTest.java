package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.junit.jupiter.api.Test;

/** The simulated inverter's obedience: reaction lag, ramp rate, and each switch that makes it ignore the battery. */
class InverterModelTest {

    static BatteryState limits(double ccl, double dcl, double cvl) {
        return BatteryState.builder().set(Quantity.CHARGE_CURRENT_LIMIT, ccl).set(Quantity.DISCHARGE_CURRENT_LIMIT, dcl)
                .set(Quantity.CHARGE_VOLTAGE_LIMIT, cvl).set(Request.CHARGE_ENABLE, true)
                .set(Request.DISCHARGE_ENABLE, true).build();
    }

    /** Reports {@code state} every second from {@code fromS} to {@code toS} and steps at each; the last output. */
    static InverterModel.Output run(InverterModel model, BatteryState state, int fromS, int toS, double demandA,
            double voltageV) {
        InverterModel.Output out = null;
        for (int t = fromS; t <= toS; t++) {
            model.report(t, state);
            out = model.step(t, demandA, voltageV);
        }
        return out;
    }

    @Test
    void aLoweredLimitIsFollowedAfterTheLagAtTheRampRate() {
        InverterModel model = new InverterModel(InverterModel.Settings.obedient().withReactionLagS(2).withRampAps(10));
        InverterModel.Output out = run(model, limits(50, 50, 56), 0, 10, 60, 52);
        assertEquals(50, out.currentA(), 1e-9, "held at the 50 A CCL, not the 60 A demand");
        assertEquals(50, out.chargeSetpointA(), 1e-9);
        // CCL drops to 25 A at 11 s: nothing changes before 13 s, then 10 A/s down to 25 A
        model.report(11, limits(25, 50, 56));
        assertEquals(50, model.step(11, 60, 52).currentA(), 1e-9);
        model.report(12, limits(25, 50, 56));
        assertEquals(50, model.step(12, 60, 52).currentA(), 1e-9, "within the reaction lag");
        model.report(13, limits(25, 50, 56));
        assertEquals(40, model.step(13, 60, 52).currentA(), 1e-9, "one second of ramp");
        model.report(14, limits(25, 50, 56));
        assertEquals(30, model.step(14, 60, 52).currentA(), 1e-9);
        model.report(15, limits(25, 50, 56));
        InverterModel.Output settled = model.step(15, 60, 52);
        assertEquals(25, settled.currentA(), 1e-9);
        assertEquals(25, settled.received().get(Quantity.CHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
    }

    @Test
    void rampZeroFollowsAtOnceAndDischargeIsHeldToTheDcl() {
        InverterModel model = new InverterModel(InverterModel.Settings.obedient().withReactionLagS(0).withRampAps(0));
        InverterModel.Output out = run(model, limits(50, 30, 56), 0, 1, -80, 52);
        assertEquals(-30, out.currentA(), 1e-9);
        assertEquals(30, out.dischargeSetpointA(), 1e-9);
        assertEquals(0, out.chargeSetpointA(), 1e-9);
    }

    @Test
    void ignoringCclOrDclFollowsTheDemand() {
        InverterModel charging = new InverterModel(InverterModel.Settings.obedient().withRampAps(0).ignoring("ccl"));
        assertEquals(60, run(charging, limits(25, 50, 56), 0, 5, 60, 52).currentA(), 1e-9);
        InverterModel discharging = new InverterModel(InverterModel.Settings.obedient().withRampAps(0).ignoring("dcl"));
        assertEquals(-80, run(discharging, limits(50, 30, 56), 0, 5, -80, 52).currentA(), 1e-9);
    }

    @Test
    void atTheChargeVoltageLimitAnObedientInverterStopsCharging() {
        InverterModel obedient = new InverterModel(InverterModel.Settings.obedient().withRampAps(0));
        assertEquals(0, run(obedient, limits(50, 50, 53.2), 0, 5, 20, 53.3).currentA(), 1e-9);
        InverterModel deaf = new InverterModel(InverterModel.Settings.obedient().withRampAps(0).ignoring("cvl"));
        assertEquals(20, run(deaf, limits(50, 50, 53.2), 0, 5, 20, 53.3).currentA(), 1e-9);
    }

    @Test
    void aForceChargeRequestTurnsDischargeIntoCharge() {
        BatteryState request = limits(50, 50, 56).toBuilder().set(Request.FORCE_CHARGE_REQUEST_I, true).build();
        InverterModel obedient = new InverterModel(InverterModel.Settings.obedient().withRampAps(0));
        assertEquals(5, run(obedient, request, 0, 5, -40, 48).currentA(), 1e-9);
        InverterModel deaf = new InverterModel(InverterModel.Settings.obedient().withRampAps(0)
                .ignoring("force-charge"));
        assertEquals(-40, run(deaf, request, 0, 5, -40, 48).currentA(), 1e-9);
    }

    @Test
    void aProtectionAlarmStopsAnObedientInverterButNotOneThatIgnoresIt() {
        BatteryState alarm = limits(50, 50, 56).toBuilder().raise(AlarmName.HIGH_TEMPERATURE, AlarmLevel.PROTECTION)
                .build();
        assertEquals(0, run(new InverterModel(InverterModel.Settings.obedient().withRampAps(0)), alarm, 0, 5, 30, 52)
                .currentA(), 1e-9);
        assertEquals(30, run(new InverterModel(InverterModel.Settings.obedient().withRampAps(0).ignoring("alarm")),
                alarm, 0, 5, 30, 52).currentA(), 1e-9);
        BatteryState warning = limits(50, 50, 56).toBuilder().raise(AlarmName.HIGH_TEMPERATURE, AlarmLevel.WARNING)
                .build();
        assertEquals(30, run(new InverterModel(InverterModel.Settings.obedient().withRampAps(0)), warning, 0, 5, 30,
                52).currentA(), 1e-9, "a warning does not stop it");
    }

    @Test
    void aSilentBatteryStopsAnObedientInverterAfterTheTimeout() {
        InverterModel obedient = new InverterModel(InverterModel.Settings.obedient().withRampAps(0));
        run(obedient, limits(50, 50, 56), 0, 5, 30, 52);
        assertEquals(30, obedient.step(14, 30, 52).currentA(), 1e-9, "9 s of silence: still trusted");
        InverterModel.Output lost = obedient.step(15, 30, 52);
        assertEquals(0, lost.currentA(), 1e-9);
        assertFalse(lost.bmsCommunicationOk());
        assertNull(lost.received());
        InverterModel deaf = new InverterModel(InverterModel.Settings.obedient().withRampAps(0).ignoring("silence"));
        run(deaf, limits(50, 50, 56), 0, 5, 30, 52);
        InverterModel.Output goesOn = deaf.step(60, 30, 52);
        assertEquals(30, goesOn.currentA(), 1e-9);
        assertFalse(goesOn.bmsCommunicationOk(), "it still shows that it hears nothing");
        assertTrue(new InverterModel(InverterModel.Settings.obedient()).step(0, 10, 52).currentA() == 0,
                "before the first report it does nothing");
    }

    @Test
    void unknownSwitchesAndNegativeSettingsAreRefused() {
        assertEquals("'cc' is not one of ccl, dcl, cvl, force-charge, alarm, silence",
                assertThrows(IllegalArgumentException.class, () -> InverterModel.Settings.obedient().ignoring("cc"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> InverterModel.Settings.obedient().withRampAps(-1));
    }
}
