package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bmsw.sim.SimTransports;
import org.bmsw.transport.PortDiscovery;
import org.bmsw.transport.PortInfo;

import com.google.gson.GsonBuilder;

/**
 * {@code bmsw ports [--json]}: the serial ports (with USB ids and descriptions, from jSerialComm) and the Linux CAN
 * interfaces of this machine, each with a URI to try, so that the integrator at the laptop finds the adapter.
 */
final class PortsCommand implements Command {

    private final Supplier<List<PortInfo>> serialPorts;
    private final Supplier<List<String>> canInterfaces;

    PortsCommand(Supplier<List<PortInfo>> serialPorts, Supplier<List<String>> canInterfaces) {
        this.serialPorts = serialPorts;
        this.canInterfaces = canInterfaces;
    }

    @Override
    public String name() {
        return "ports";
    }

    @Override
    public String summary() {
        return "list the serial ports and CAN interfaces of this machine, with a URI to try for each";
    }

    @Override
    public String usage() {
        return "Usage: bmsw ports [--json]\n\n"
                + "Lists serial ports (device, description, USB vendor:product, serial number) and SocketCAN\n"
                + "interfaces, each with a URI for bmsw capture --port. An SLCAN adapter (CANable and friends,\n"
                + "USB 16D0:117E) is offered as slcan:, any other serial port as serial:. Without hardware:\n"
                + SimTransports.DEFAULT_SOURCE + " (a simulated battery and inverter).\n"
                + "  --json   {\"serial\": [...], \"can\": [...]}";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean json = false;
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else {
                err.println("bmsw ports: unknown option '" + arg + "'\n" + usage());
                return CommandLine.EXIT_USAGE;
            }
        }
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
            return CommandLine.EXIT_OK;
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
        return CommandLine.EXIT_OK;
    }

    /** CANable-style SLCAN adapters (USB 16D0:117E) as slcan:, anything else as a plain serial port. */
    static String suggestedUri(PortInfo port) {
        if (port.usbVendorId() == 0x16D0 && port.usbProductId() == 0x117E) {
            return "slcan:" + port.path() + "?bitrate=500000";
        }
        return "serial:" + port.path() + "?baud=9600";
    }
}
