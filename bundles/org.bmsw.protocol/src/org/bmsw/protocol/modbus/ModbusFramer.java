package org.bmsw.protocol.modbus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts a sniffed Modbus byte stream (both directions on one line) into frames. RTU has no length field, so each
 * candidate length the function code allows (request or response) is tried and the one whose CRC matches wins;
 * bytes that start no valid frame are skipped and counted. TCP frames follow their MBAP length. Requests and
 * responses are told apart by shape, and where both fit (FC 5/6 echoes), by whether a request is pending.
 */
public final class ModbusFramer {

    /** RTU frames are at most 256 bytes. */
    private static final int MAX_RTU = 256;

    private final boolean tcp;
    private byte[] buffer = new byte[512];
    private int size;
    private long skippedBytes;
    /** Bytes fed before {@code buffer[0]}, and where the last frame passed on began. */
    private long bufferOffset;
    private long frameOffset = -1;
    private final Map<Long, Integer> pending = new HashMap<>(); // unit/function (RTU) or transaction (TCP)

    private ModbusFramer(boolean tcp) {
        this.tcp = tcp;
    }

    public static ModbusFramer rtu() {
        return new ModbusFramer(false);
    }

    public static ModbusFramer tcp() {
        return new ModbusFramer(true);
    }

    public boolean isTcp() {
        return tcp;
    }

    /** Bytes that belonged to no valid frame. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Bytes held back, waiting for the rest of a frame. */
    public int pendingBytes() {
        return size;
    }

    public void feed(byte[] bytes, int offset, int length, Consumer<ModbusFrame> out) {
        if (size + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));
        }
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        int position = 0;
        while (position < size) {
            frameOffset = bufferOffset + position;
            int used = tcp ? tcpFrame(position, out) : rtuFrame(position, out);
            if (used > 0) {
                position += used;
            } else if (used == 0) {
                break; // need more bytes
            } else {
                position++;
                skippedBytes++;
            }
        }
        System.arraycopy(buffer, position, buffer, 0, size - position);
        size -= position;
        bufferOffset += position;
    }

    /**
     * Where the frame being passed to the consumer begins, in bytes from the first byte fed (0-based): during
     * the consumer's call, the byte offset to report a problem of that frame at.
     */
    public long frameOffset() {
        return frameOffset;
    }

    public void feed(byte[] bytes, Consumer<ModbusFrame> out) {
        feed(bytes, 0, bytes.length, out);
    }

    /** Frame length used, 0 when more bytes are needed, -1 when no frame starts here. */
    private int rtuFrame(int p, Consumer<ModbusFrame> out) {
        int available = size - p;
        if (available < 4) {
            return available >= 2 && candidates(p).isEmpty() ? -1 : 0;
        }
        List<int[]> candidates = candidates(p);
        if (candidates.isEmpty()) {
            return -1;
        }
        boolean waiting = false;
        int unit = buffer[p] & 0xFF;
        int function = buffer[p + 1] & 0xFF;
        long key = (long) unit << 8 | (function & 0x7F);
        for (int[] candidate : candidates) {
            int length = candidate[0];
            if (length > available) {
                waiting = true;
                continue;
            }
            if (ModbusRtu.crcMatches(buffer, p, length)) {
                boolean request = candidate[1] == 1;
                if (candidate[1] == 2) { // same shape both ways: a response when its request is pending
                    request = !pending.containsKey(key);
                }
                if (request) {
                    pending.put(key, 1);
                } else {
                    pending.remove(key);
                }
                out.accept(new ModbusFrame(false, -1, unit, Arrays.copyOfRange(buffer, p + 1, p + length - 2),
                        request, List.of()));
                return length;
            }
        }
        return waiting && available < MAX_RTU ? 0 : -1;
    }

    /** {length, 1 request / 0 response / 2 either}; lengths include address and CRC. */
    private List<int[]> candidates(int p) {
        int available = size - p;
        int function = buffer[p + 1] & 0xFF;
        List<int[]> list = new ArrayList<>(2);
        if ((function & 0x80) != 0) {
            if ((function & 0x7F) >= 1 && (function & 0x7F) <= 0x2B) {
                list.add(new int[] {5, 0});
            }
            return list;
        }
        switch (function) {
        case 1, 2, 3, 4 -> {
            boolean pendingRequest = pending.containsKey((long) (buffer[p] & 0xFF) << 8 | function);
            int[] request = {8, 1};
            int[] response = available >= 3 ? new int[] {5 + (buffer[p + 2] & 0xFF), 0} : null;
            if (pendingRequest && response != null) {
                list.add(response);
                list.add(request);
            } else {
                list.add(request);
                if (response != null) {
                    list.add(response);
                }
            }
            if (response == null) {
                list.add(new int[] {MAX_RTU, 0}); // unknown yet: wait for the byte count
            }
        }
        case 5, 6 -> list.add(new int[] {8, 2});
        case 15, 16 -> {
            if (available >= 7) {
                list.add(new int[] {9 + (buffer[p + 6] & 0xFF), 1});
            } else {
                list.add(new int[] {MAX_RTU, 1});
            }
            list.add(new int[] {8, 0});
        }
        default -> {
            // other function codes are not framed: no length rule without a pause between frames
        }
        }
        return list;
    }

    private int tcpFrame(int p, Consumer<ModbusFrame> out) {
        int available = size - p;
        if (available < 8) {
            return 0;
        }
        int transaction = word(p);
        int protocol = word(p + 2);
        int length = word(p + 4);
        if (protocol != 0 || length < 2 || length > 254) {
            return -1;
        }
        if (available < 6 + length) {
            return 0;
        }
        int unit = buffer[p + 6] & 0xFF;
        long key = transaction;
        boolean request = !pending.containsKey(key);
        if (request) {
            pending.put(key, 1);
        } else {
            pending.remove(key);
        }
        out.accept(new ModbusFrame(true, transaction, unit, Arrays.copyOfRange(buffer, p + 7, p + 6 + length),
                request, List.of()));
        return 6 + length;
    }

    private int word(int p) {
        return (buffer[p] & 0xFF) << 8 | (buffer[p + 1] & 0xFF);
    }
}
