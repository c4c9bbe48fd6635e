package org.bmsw.protocol.rs485;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.bmsw.protocol.DecodedMessage;
import org.junit.jupiter.api.Test;

/**
 * Request/response pairs of the commands no public capture shows (0x44, 0x47, 0x4F, 0x51, 0x93, 0x96), built with
 * the field layouts of the V3.3 spec (protocols.md section 5) and decoded back.
 */
class PylonRs485CommandsTest {

    private final PylonRs485Decoder decoder = new PylonRs485Decoder();
    private final List<DecodedMessage> out = new ArrayList<>();

    private DecodedMessage exchange(int command, byte[] requestInfo, byte[] responseInfo) {
        out.clear();
        String text = "garbage" + PylonRs485.frame(0x20, 2, 0x46, command, requestInfo)
                + PylonRs485.frame(0x20, 2, 0x46, 0x00, responseInfo);
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        decoder.decode(TraceRecord.serial(0, "ttyUSB0", true, java.util.Arrays.copyOf(bytes, 20)), out::add);
        decoder.decode(TraceRecord.serial(1, "ttyUSB0", false, java.util.Arrays.copyOfRange(bytes, 20, bytes.length)),
                out::add);
        assertEquals(2, out.size(), out.toString());
        assertEquals(String.format("0x%02X", command), out.get(1).id());
        assertTrue(out.get(1).problems().isEmpty(), out.get(1).problems().toString());
        return out.get(1);
    }

    @Test
    void alarmInfo() {
        // INFOFLAG, command 02, 3 cells (2nd above limit), 2 temperatures (1st below), charge current, module
        // voltage, discharge current statuses, Status1 bit0 (module over-voltage), Status2..5
        byte[] info = {0x11, 0x02, 3, 0, 2, 0, 2, 1, 0, 0, 0, 0, 0x01, 0x0E, 0x40, 0x00, 0x00};
        DecodedMessage m = exchange(0x44, new byte[] {2}, info);
        assertEquals("AlarmInfo response", m.message());
        assertEquals(2, m.signal("cell_2_status").value());
        assertEquals(List.of(new Alarm(AlarmName.HIGH_VOLTAGE, AlarmLevel.PROTECTION),
                new Alarm(AlarmName.HIGH_VOLTAGE, AlarmLevel.WARNING),
                new Alarm(AlarmName.LOW_TEMPERATURE, AlarmLevel.WARNING)), List.copyOf(decoder.state().alarms()));
        // the next report without flags clears them
        exchange(0x44, new byte[] {2}, new byte[] {0x10, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertTrue(decoder.state().alarms().isEmpty());
    }

    @Test
    void systemParameters() {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(0x11);
        // 3.65 V, 3.0 V, 2.7 V; 50.0 and 0.0 degC (0.1 K + 2731); 100.0 A; 54.75, 45.0, 40.5 V; 60.0, -10.0 degC; -100 A
        for (int word : new int[] {3650, 3000, 2700, 3231, 2731, 1000, 54750, 45000, 40500, 3331, 2631, -1000}) {
            info.write(word >> 8 & 0xFF);
            info.write(word & 0xFF);
        }
        DecodedMessage m = exchange(0x47, new byte[0], info.toByteArray());
        assertEquals(3650, m.signal("cell_high_voltage_limit_mV").value());
        assertEquals(50.0, m.signal("charge_high_temperature_limit_C").value(), 1e-9);
        assertEquals(100.0, m.signal("charge_current_limit_A").value(), 1e-9);
        assertEquals(-10.0, m.signal("discharge_low_temperature_limit_C").value(), 1e-9);
        assertEquals(-100.0, m.signal("discharge_current_limit_A").value(), 1e-9);
    }

    @Test
    void versionsNamesAndSerial() {
        assertEquals("2.0", exchange(0x4F, new byte[0], new byte[0]).signal("protocol_version").text());
        byte[] manufacturer = new byte[32];
        System.arraycopy("US2000B".getBytes(StandardCharsets.US_ASCII), 0, manufacturer, 0, 7);
        manufacturer[10] = 1;
        manufacturer[11] = 5;
        System.arraycopy("Pylon".getBytes(StandardCharsets.US_ASCII), 0, manufacturer, 12, 5);
        DecodedMessage m = exchange(0x51, new byte[0], manufacturer);
        assertEquals("US2000B", m.signal("battery_name").text());
        assertEquals("1.5", m.signal("software_version").text());
        assertEquals("Pylon", decoder.state().manufacturer().orElseThrow());
        byte[] serial = new byte[17];
        serial[0] = 2;
        System.arraycopy("PPTBH0200000001".getBytes(StandardCharsets.US_ASCII), 0, serial, 1, 15);
        assertEquals("PPTBH0200000001", exchange(0x93, new byte[] {2}, serial).signal("serial_number").text());
        DecodedMessage firmware = exchange(0x96, new byte[] {2}, new byte[] {2, 1, 2, 2, 0, 9});
        assertEquals("1.2", firmware.signal("manufacture_version").text());
        assertEquals("2.0.9", firmware.signal("mainline_version").text());
        // the battery's identity: 0x51 names the model and manufacturer, 0x93 the serial, 0x96 the firmware
        BatteryState state = decoder.state();
        assertEquals("US2000B", state.get(Identity.MODEL).orElseThrow());
        assertEquals("PPTBH0200000001", state.get(Identity.SERIAL_NUMBER).orElseThrow());
        assertEquals("2.0.9", state.get(Identity.FIRMWARE_VERSION).orElseThrow());
        assertEquals("{manufacturer=Pylon, model=US2000B, serial_number=PPTBH0200000001, firmware_version=2.0.9}",
                state.toCanonicalMap().entrySet().stream().filter(e -> Identity.byName(e.getKey()).isPresent())
                        .map(Object::toString).collect(java.util.stream.Collectors.joining(", ", "{", "}")),
                "the identity in the canonical map, in its order");
        exchange(0x51, new byte[0], manufacturer);
        assertEquals("2.0.9", decoder.state().get(Identity.FIRMWARE_VERSION).orElseThrow(),
                "0x51's software version does not replace the firmware 0x96 named");
    }

    @Test
    void errorReturnCodeIsExplained() {
        out.clear();
        byte[] bytes = (PylonRs485.frame(0x20, 2, 0x46, 0x42, new byte[] {2})
                + PylonRs485.frame(0x20, 2, 0x46, 0x02, new byte[0])).getBytes(StandardCharsets.US_ASCII);
        decoder.decode(TraceRecord.serial(0, "ttyUSB0", false, bytes), out::add);
        assertEquals("CHKSUM error", out.get(1).signal("rtn").description());
        assertEquals(List.of("RTN 02: CHKSUM error"), out.get(1).problems());
    }
}
