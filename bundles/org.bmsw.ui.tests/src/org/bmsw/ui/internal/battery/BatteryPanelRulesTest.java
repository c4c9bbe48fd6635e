package org.bmsw.ui.internal.battery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.bmsw.core.state.LedPanel;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.LedIndicator;
import org.bmsw.profiles.ProfileRegistry;
import org.junit.jupiter.api.Test;

/** The Battery panel takes ALM's blink periods from the chosen profile's LED semantics. */
class BatteryPanelRulesTest {

    @Test
    void seedBatteryProfileKeepsAlmSteadyAsItsXmlSays() {
        // seed-lv-battery.xml: <led name="ALM"> warning and protection both pattern="on"
        BatteryProfile seed = (BatteryProfile) ProfileRegistry.getDefault().find("seed.lv-battery").orElseThrow();
        assertEquals(new LedPanel.Rules(0, 0, LedPanel.DEFAULT_SOC_SEGMENTS), BatteryPanelView.rules(seed));
    }

    @Test
    void blinkingIndicationsGiveTheirPeriods() {
        BatteryProfile seed = (BatteryProfile) ProfileRegistry.getDefault().find("seed.lv-battery").orElseThrow();
        LedIndicator alm = new LedIndicator("ALM", "alarm", List.of(
                new LedIndicator.Indication("warning", "blink", 1000, "warning"),
                new LedIndicator.Indication("protection", "on", 0, "protection")));
        BatteryProfile blinking = new BatteryProfile(seed.id(), seed.vendor(), seed.model(), seed.description(),
                seed.source(), seed.ports(), seed.protocols(), List.of(alm), seed.alarms(), seed.limits(),
                seed.origin());
        assertEquals(new LedPanel.Rules(1000, 0, LedPanel.DEFAULT_SOC_SEGMENTS), BatteryPanelView.rules(blinking));
        assertEquals(LedPanel.Rules.DEFAULT, BatteryPanelView.rules(null));
    }
}
