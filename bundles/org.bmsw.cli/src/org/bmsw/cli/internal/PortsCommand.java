package org.bmsw.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bmsw.sim.SimTransports;
import org.bmsw.transport.PortInfo;

import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bmsw ports [--json]}: the serial ports (with USB ids and descriptions, from jSerialComm) and the Linux CAN
 * interfaces of this machine, each with a URI to try, so that the integrator at the laptop finds the adapter.
 */
@Command(name = "ports", description = "list the serial ports and CAN interfaces of this machine, with a source URI for each",
        footer = { "Lists serial ports (device, description, USB vendor:product, serial number) and SocketCAN",
                "interfaces, each with a source URI for bmsw capture --source. An SLCAN adapter (CANable and friends,",
                "USB 16D0:117E) is offered as slcan:, any other serial port as serial:. Without hardware:",
                SimTransports.DEFAULT_SOURCE + " (a simulated battery and inverter).",
                "With --json: {\"serial\": [...], \"can\": [...]}" })
final class PortsCommand extends BmswCommand {

    @Mixin
    SharedOptions.Json jsonOption = new SharedOptions.Json();

    PortsCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        boolean json = jsonOption.json;
        Supplier<List<PortInfo>> serialPorts = services.serialPorts();
        Supplier<List<String>> canInterfaces = services.canInterfaces();
        List<PortInfo> serial = serialPorts.get();
        List<String> can = canInterfaces.get();
        if (json) {
            List<Map<String, Object>> serialJson = new ArrayList<>();
            for (PortInfo port : serial) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", port.path());
                entry.put("description", port.description());
                entry.put("usb_vendor_id", port.isUsb() ? String.format("%04X", port.usbVendorId()) : null);
                entry.put("usb_product_id", port.isUsb() ? String.format("%04X", port.usbProductId()) : null);
                entry.put("serial_number", port.serialNumber());
                entry.put("uri", suggestedUri(port));
                serialJson.add(entry);
            }
            List<Map<String, Object>> canJson = new ArrayList<>();
            for (String name : can) {
                canJson.add(Map.of("interface", name, "uri", "socketcan:" + name));
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("serial", serialJson);
            document.put("can", canJson);
            out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                    .toJson(document));
            return Bmsw.EXIT_OK;
        }
        out.println("Serial ports:");
        if (serial.isEmpty()) {
            out.println("  (none)");
        }
        for (PortInfo port : serial) {
            out.printf("  %-16s %-32s %-10s try %s%n", port.path(), port.description(),
                    port.isUsb() ? String.format("%04X:%04X", port.usbVendorId(), port.usbProductId()) : "",
                    suggestedUri(port));
        }
        out.println("CAN interfaces (SocketCAN):");
        if (can.isEmpty()) {
            out.println("  (none)");
        }
        for (String name : can) {
            out.printf("  %-16s try socketcan:%s%n", name, name);
        }
        out.println("No hardware: " + SimTransports.DEFAULT_SOURCE);
        return Bmsw.EXIT_OK;
    }

    /** CANable-style SLCAN adapters (USB 16D0:117E) as slcan:, anything else as a plain serial port. */
    static String suggestedUri(PortInfo port) {
        if (port.usbVendorId() == 0x16D0 && port.usbProductId() == 0x117E) {
            return "slcan:" + port.path() + "?bitrate=500000";
        }
        return "serial:" + port.path() + "?baud=9600";
    }
}
