import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.modbus.ModbusDecoder;
import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.sim.ModbusDevice;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.capture.LiveCapture;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/**
 * Modbus polling benchmark: the simulated Seplos battery (j2mod's slave serving the built-in map) in one process,
 * polled back to back (every block's period 0) in another, for SECONDS, either by the workbench's own path — the
 * modbus-tcp:/modbus-rtu: source with map=, its poller, every request and response recorded by LiveCapture into a
 * trace store and decoded with the map — or by a plain j2mod master reading the same blocks in a loop.
 *
 * <pre>
 * ModbusPollBench serve-tcp PORT                 (the device; runs until killed)
 * ModbusPollBench serve-rtu DEVICE BAUD
 * ModbusPollBench bmsw  URI SECONDS STORE        (URI: modbus-tcp://127.0.0.1:PORT or modbus-rtu:DEVICE?baud=B)
 * ModbusPollBench j2mod URI SECONDS
 * ModbusPollBench pair  URI SECONDS STORE        (both in one JVM, alternating slices; see pair())
 * ModbusPollBench inline URI SECONDS | bare URI SECONDS   (to tell where time goes)
 * </pre>
 * Prints {@code polls N seconds S polls_per_s P} (polls: answered read requests).
 */
public final class ModbusPollBench {

    static final String MAP = "seplos-v3-bms";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
        case "serve-tcp" -> serve(ModbusDevice.tcp(RegisterMap.builtIn(MAP), 1, InetAddress.getLoopbackAddress(),
                Integer.parseInt(args[1])));
        case "serve-rtu" -> serve(ModbusDevice.rtu(RegisterMap.builtIn(MAP), 1, args[1], Integer.parseInt(args[2])));
        case "bmsw" -> bmsw(args[1], Double.parseDouble(args[2]), Path.of(args[3]));
        case "j2mod" -> j2mod(args[1], Double.parseDouble(args[2]));
        case "bare" -> bare(args[1], Double.parseDouble(args[2]));
        case "inline" -> inline(args[1], Double.parseDouble(args[2]));
        case "pair" -> pair(args[1], Double.parseDouble(args[2]), Path.of(args[3]));
        default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void serve(ModbusDevice device) throws InterruptedException {
        BatteryState state = BatteryState.builder().set(Quantity.VOLTAGE, 53.25).set(Quantity.CURRENT, -1.37)
                .set(Quantity.SOC, 83.2).set(Quantity.CHARGE_CURRENT_LIMIT, 180).set(Quantity.DISCHARGE_CURRENT_LIMIT, 180)
                .set(Request.CHARGE_ENABLE, true).set(Request.DISCHARGE_ENABLE, true).build();
        device.serve(state, java.util.Map.of());
        System.err.println("serving " + device);
        Thread.sleep(Long.MAX_VALUE);
    }

    /** The built-in map with every period 0, so its blocks are polled back to back. */
    static Path backToBackMap() throws Exception {
        String text;
        try (var in = RegisterMap.class.getResourceAsStream("maps/" + MAP + ".json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = Files.createTempFile("bench-map", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, text.replaceAll("\"period_ms\": *\\d+", "\"period_ms\": 0"));
        return file;
    }

    static void bmsw(String uri, double seconds, Path store) throws Exception {
        Path map = backToBackMap();
        RegisterMap parsed = RegisterMap.parse(map.toString(), Files.readString(map));
        AtomicLong answers = new AtomicLong();
        Transport transport = TransportRegistry.withBuiltInProviders().create(uri + (uri.contains("?") ? "&" : "?")
                + "unit=1&map=" + map);
        transport.addRecordListener(record -> {
            if (!record.isTransmitted()) {
                answers.incrementAndGet();
            }
        });
        try (LiveCapture capture = new LiveCapture(transport, store, new ModbusDecoder(parsed))) {
            capture.start();
            Thread.sleep(1000); // warm-up
            long before = answers.get();
            long start = System.nanoTime();
            Thread.sleep(Math.round(seconds * 1000));
            long polls = answers.get() - before;
            double elapsed = (System.nanoTime() - start) / 1e9;
            BatteryState state = capture.state();
            if (state.get(Quantity.SOC).orElse(0) != 83.2) {
                throw new IllegalStateException("decoded " + state + ", not the device's SOC 83.2");
            }
            print(polls, elapsed);
        }
    }

    /** The source and its poller only: no store, no decoder (to tell where the time goes). */
    static void bare(String uri, double seconds) throws Exception {
        Path map = backToBackMap();
        AtomicLong answers = new AtomicLong();
        try (Transport transport = TransportRegistry.withBuiltInProviders().create(uri + (uri.contains("?") ? "&" : "?")
                + "unit=1&map=" + map)) {
            transport.addRecordListener(record -> {
                if (!record.isTransmitted()) {
                    answers.incrementAndGet();
                }
            });
            transport.open();
            Thread.sleep(1000);
            long before = answers.get();
            long start = System.nanoTime();
            Thread.sleep(Math.round(seconds * 1000));
            print(answers.get() - before, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The source's master polled by a ModbusPoller on this thread: no poller thread, no store, no decoder. */
    static void inline(String uri, double seconds) throws Exception {
        List<RegisterMap.Block> blocks = RegisterMap.builtIn(MAP).blocks(125, 2000).stream()
                .map(b -> new RegisterMap.Block(b.table(), b.address(), b.count(), 0)).toList();
        try (Transport transport = TransportRegistry.withBuiltInProviders().create(uri + (uri.contains("?") ? "&" : "?")
                + "unit=1")) {
            transport.open();
            org.bmsw.transport.ModbusPoller poller = new org.bmsw.transport.ModbusPoller(
                    (org.bmsw.transport.ModbusMaster) transport, blocks);
            long warmEnd = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                poller.pollNext();
            }
            long before = poller.answered();
            long start = System.nanoTime();
            long end = start + Math.round(seconds * 1e9);
            while (System.nanoTime() < end) {
                poller.pollNext();
            }
            print(poller.answered() - before, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Both masters in this JVM against the same device, in alternating slices of {@link #SLICE_NS}, so that the
     * machine's load, which swings from second to second on a shared machine, falls on both alike: the plain j2mod
     * loop, then the workbench's path — the source's master polled by a {@code ModbusPoller} on this thread, every
     * request and response handed to a {@link LiveCapture}, whose writer thread stores and decodes them with the
     * map as in a real capture. Prints both rates, this thread's CPU per poll and the whole process's CPU per poll
     * (the workbench's includes its writer thread's storing and decoding).
     */
    static void pair(String uri, double seconds, Path store) throws Exception {
        List<RegisterMap.Block> blocks = RegisterMap.builtIn(MAP).blocks(125, 2000).stream()
                .map(b -> new RegisterMap.Block(b.table(), b.address(), b.count(), 0)).toList();
        ModbusDecoder decoder = new ModbusDecoder(RegisterMap.builtIn(MAP));
        AbstractModbusMaster plain = plainMaster(uri);
        plain.connect();
        try (Transport transport = TransportRegistry.withBuiltInProviders().create(uri + (uri.contains("?") ? "&" : "?")
                + "unit=1");
                LiveCapture capture = new LiveCapture(transport, store, decoder)) {
            capture.start(); // opens the source's master; no map= on the URI, so its own poller does not run
            org.bmsw.transport.ModbusPoller poller = new org.bmsw.transport.ModbusPoller(
                    (org.bmsw.transport.ModbusMaster) transport, blocks);
            long slices = Math.max(2, Math.round(seconds * 1e9 / SLICE_NS / 2));
            int next = 0;
            for (int warm = 0; warm < 10; warm++) { // JIT warm-up of both paths
                next = plainSlice(plain, blocks, next)[1];
                bmswSlice(poller);
            }
            long plainPolls = 0;
            long bmswPolls = 0;
            long plainNs = 0;
            long bmswNs = 0;
            long plainCpuNs = 0;
            long bmswCpuNs = 0;
            long plainProcessNs = 0;
            long bmswProcessNs = 0;
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean process = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (long i = 0; i < slices; i++) {
                long start = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                long processCpu = process.getProcessCpuTime();
                int[] result = plainSlice(plain, blocks, next);
                plainCpuNs += threads.getCurrentThreadCpuTime() - cpu;
                plainProcessNs += process.getProcessCpuTime() - processCpu;
                plainNs += System.nanoTime() - start;
                plainPolls += result[0];
                next = result[1];
                start = System.nanoTime();
                cpu = threads.getCurrentThreadCpuTime();
                processCpu = process.getProcessCpuTime();
                bmswPolls += bmswSlice(poller);
                bmswCpuNs += threads.getCurrentThreadCpuTime() - cpu;
                bmswProcessNs += process.getProcessCpuTime() - processCpu;
                bmswNs += System.nanoTime() - start;
            }
            if (capture.state().get(Quantity.SOC).orElse(0) != 83.2) {
                throw new IllegalStateException("decoded " + capture.state() + ", not the device's SOC 83.2");
            }
            // CPU time per poll: what a poll costs, whatever the machine's load
            System.out.println(String.format(Locale.ROOT, "bmsw_polls_per_s %.1f j2mod_polls_per_s %.1f slices %d "
                    + "bmsw_cpu_us_per_poll %.2f j2mod_cpu_us_per_poll %.2f "
                    + "bmsw_process_cpu_us_per_poll %.2f j2mod_process_cpu_us_per_poll %.2f",
                    bmswPolls / (bmswNs / 1e9), plainPolls / (plainNs / 1e9), slices, bmswCpuNs / 1e3 / bmswPolls,
                    plainCpuNs / 1e3 / plainPolls, bmswProcessNs / 1e3 / bmswPolls, plainProcessNs / 1e3 / plainPolls));
        } finally {
            plain.disconnect();
        }
    }

    static final long SLICE_NS = 100_000_000L;

    static int[] plainSlice(AbstractModbusMaster master, List<RegisterMap.Block> blocks, int next) throws Exception {
        int polls = 0;
        long end = System.nanoTime() + SLICE_NS;
        while (System.nanoTime() < end) {
            read(master, blocks.get(next++ % blocks.size()));
            polls++;
        }
        return new int[] { polls, next };
    }

    static long bmswSlice(org.bmsw.transport.ModbusPoller poller) throws Exception {
        long before = poller.answered();
        long end = System.nanoTime() + SLICE_NS;
        while (System.nanoTime() < end) {
            poller.pollNext();
        }
        return poller.answered() - before;
    }

    static AbstractModbusMaster plainMaster(String uri) {
        if (uri.startsWith("modbus-tcp://")) {
            String hostPort = uri.substring("modbus-tcp://".length());
            return new ModbusTCPMaster(hostPort.substring(0, hostPort.indexOf(':')),
                    Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)), 1000, false, false);
        }
        String device = uri.substring("modbus-rtu:".length(), uri.indexOf('?'));
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(device);
        parameters.setBaudRate(Integer.parseInt(uri.substring(uri.indexOf("baud=") + 5).replaceAll("&.*", "")));
        parameters.setDatabits(8);
        parameters.setParity("None");
        parameters.setStopbits(1);
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        parameters.setEcho(false);
        parameters.setFlowControlIn(AbstractSerialConnection.FLOW_CONTROL_DISABLED);
        parameters.setFlowControlOut(AbstractSerialConnection.FLOW_CONTROL_DISABLED);
        return new ModbusSerialMaster(parameters, 1000);
    }

    static void j2mod(String uri, double seconds) throws Exception {
        List<RegisterMap.Block> blocks = RegisterMap.builtIn(MAP).blocks(125, 2000);
        AbstractModbusMaster master = plainMaster(uri);
        master.connect();
        try {
            long warmEnd = System.nanoTime() + 1_000_000_000L;
            int next = 0;
            while (System.nanoTime() < warmEnd) {
                read(master, blocks.get(next++ % blocks.size()));
            }
            long polls = 0;
            long start = System.nanoTime();
            long end = start + Math.round(seconds * 1e9);
            while (System.nanoTime() < end) {
                read(master, blocks.get(next++ % blocks.size()));
                polls++;
            }
            print(polls, (System.nanoTime() - start) / 1e9);
        } finally {
            master.disconnect();
        }
    }

    static void read(AbstractModbusMaster master, RegisterMap.Block block) throws Exception {
        switch (block.table()) {
        case HOLDING -> master.readMultipleRegisters(1, block.address(), block.count());
        case INPUT -> master.readInputRegisters(1, block.address(), block.count());
        case COIL -> master.readCoils(1, block.address(), block.count());
        case DISCRETE -> master.readInputDiscretes(1, block.address(), block.count());
        }
    }

    static void print(long polls, double seconds) {
        System.out.println(String.format(Locale.ROOT, "polls %d seconds %.2f polls_per_s %.1f", polls, seconds,
                polls / seconds));
    }
}
