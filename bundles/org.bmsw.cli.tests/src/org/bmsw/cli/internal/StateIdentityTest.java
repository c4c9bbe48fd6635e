package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code bmsw state} shows the battery's identity from real captures, as text rows and as JSON names. */
class StateIdentityTest extends CommandLineTest {

    @TempDir
    Path dir;


    /** REC Q on the SMA profile: 0x35E REC-BMS, 0x380 1Q-1845, 0x35F bytes 2-3 02 06 (its firmware 2.6). */
    @Test
    void recQNamesItsManufacturerSerialAndFirmware() {
        Path trace = TestData.copyTo("traces/rec_q_bms_sma_profile_candump_250k.txt", dir);
        assertEquals(Bmsw.EXIT_OK, run("state", trace.toString()), err());
        String text = out();
        assertTrue(text.matches("(?s).*\n  manufacturer +REC-BMS +Manufacturer\n.*"), text);
        assertTrue(text.matches("(?s).*\n  serial_number +1Q-1845 +Serial number\n.*"), text);
        assertTrue(text.matches("(?s).*\n  firmware_version +2\\.6 +Firmware version\n.*"), text);
        assertFalse(text.contains("  model "), "no 0x370/0x371 in this capture:\n" + text);

        assertEquals(Bmsw.EXIT_OK, run("state", trace.toString(), "--json"));
        JsonObject json = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals("REC-BMS", json.get("manufacturer").getAsString());
        assertEquals("1Q-1845", json.get("serial_number").getAsString());
        assertEquals("2.6", json.get("firmware_version").getAsString());
        assertFalse(json.has("model"));
    }

    /** A Victron GX with a SHEnergy BMS (syssi issue 3): 0x370 + 0x371 name the battery. */
    @Test
    void theTwoFrameNameIsTheModel() {
        Path trace = TestData.copyTo("traces/victron_gx_canbms_candump_syssi_issue3.txt", dir);
        assertEquals(Bmsw.EXIT_OK, run("state", trace.toString(), "--json"));
        JsonObject json = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals("SHEnergy", json.get("manufacturer").getAsString());
        assertEquals("CAN-SMARTBMS-BAT", json.get("model").getAsString());
        assertEquals("10.4", json.get("firmware_version").getAsString());
    }
}
