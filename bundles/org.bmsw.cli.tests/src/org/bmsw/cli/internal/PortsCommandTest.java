package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.bmsw.transport.PortInfo;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code bmsw ports}: what the integrator sees for a CANable, a USB-RS485 dongle and a SocketCAN interface. */
class PortsCommandTest {

    // a CANable 2.0 with SLCAN firmware and an FTDI USB-RS485 dongle, as jSerialComm describes them
    private static final List<PortInfo> SERIAL = List.of(
            new PortInfo("ttyACM0", "/dev/ttyACM0", "CANable 2.0", 0x16D0, 0x117E, "206A33A1"),
            new PortInfo("ttyUSB0", "/dev/ttyUSB0", "FT232R USB UART", 0x0403, 0x6001, "A50285BI"));

    private static String[] run(List<PortInfo> serial, List<String> can, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> words = new java.util.ArrayList<>(List.of("ports"));
        words.addAll(List.of(args));
        int code = new Bmsw(Services.of("0.1.0.test").withPorts(() -> serial, () -> can)).execute(
                words.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] { String.valueOf(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8) };
    }

    @Test
    void eachPortComesWithAUriToTry() {
        String[] result = run(SERIAL, List.of("can0"));
        assertEquals("0", result[0]);
        String text = result[1];
        assertTrue(text.contains("/dev/ttyACM0     CANable 2.0                      16D0:117E  try "
                + "slcan:/dev/ttyACM0?bitrate=500000"), text);
        assertTrue(text.contains("/dev/ttyUSB0     FT232R USB UART                  0403:6001  try "
                + "serial:/dev/ttyUSB0?baud=9600"), text);
        assertTrue(text.contains("  can0             try socketcan:can0"), text);
        assertTrue(text.endsWith("No hardware: sim:battery?protocol=pylon-can\n"), text);
    }

    @Test
    void jsonListsSerialPortsWithUsbIdsAndCanInterfaces() {
        JsonObject json = JsonParser.parseString(run(SERIAL, List.of("vcan0"), "--json")[1]).getAsJsonObject();
        JsonObject canable = json.getAsJsonArray("serial").get(0).getAsJsonObject();
        assertEquals("16D0", canable.get("usb_vendor_id").getAsString());
        assertEquals("117E", canable.get("usb_product_id").getAsString());
        assertEquals("206A33A1", canable.get("serial_number").getAsString());
        assertEquals("slcan:/dev/ttyACM0?bitrate=500000", canable.get("uri").getAsString());
        assertEquals("socketcan:vcan0",
                json.getAsJsonArray("can").get(0).getAsJsonObject().get("uri").getAsString());
    }

    @Test
    void aMachineWithoutAdaptersSaysSoAndOffersTheSimulator() {
        String text = run(List.of(), List.of())[1];
        assertEquals("Serial ports:\n  (none)\nCAN interfaces (SocketCAN):\n  (none)\n"
                + "No hardware: sim:battery?protocol=pylon-can\n", text);
        assertEquals("2", run(List.of(), List.of(), "--all")[0]);
    }
}
