package org.bmsw.protocol.can;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.junit.jupiter.api.Test;

/**
 * The identity texts of the SMA/Victron frames folded into the battery state: 0x35E, the two halves of 0x370/0x371
 * and of 0x380/0x381 joined, the 0x35F version bytes, on both the decode and the fold path, and a blank frame leaving
 * the last text in place.
 */
class IdentityFramesTest {

    private static final byte[] NAME_1 = { 'C', 'A', 'N', '-', 'S', 'M', 'A', 'R' };
    private static final byte[] NAME_2 = { 'T', 'B', 'M', 'S', '-', 'B', 'A', 'T' };
    private static final byte[] SERIAL_1 = { '1', 'Q', '-', '1', '8', '4', '5', 0 };
    private static final byte[] BATTERY_INFO = { 0, 0, 0x01, 0x17, 0x64, 0, 0, 0 };

    @Test
    void theVersionBytesReadAsTheSourcesReadThem() {
        assertEquals("1.17", CanDecoder.version(0x01, 0x17), "dfch: 01 17 is v1.17");
        assertEquals("2.6", CanDecoder.version(0x02, 0x06), "REC Q: 02 06 is firmware 2.6");
        assertEquals("13.5", CanDecoder.version(0x0D, 0x05), "not BCD: decimal");
    }

    @Test
    void decodeAndFoldPathsAgree() {
        CanProtocol sma = CanProtocol.builtIn(CanProtocol.SMA, List.of());
        CanDecoder decoding = new CanDecoder(sma);
        CanDecoder folding = new CanDecoder(sma);
        for (CanDecoder decoder : List.of(decoding, folding)) {
            feed(decoder, decoder == decoding, 0x35E, new byte[] { 'R', 'E', 'C', '-', 'B', 'M', 'S', ' ' });
            feed(decoder, decoder == decoding, 0x370, NAME_1);
            feed(decoder, decoder == decoding, 0x371, NAME_2);
            feed(decoder, decoder == decoding, 0x35F, BATTERY_INFO);
            feed(decoder, decoder == decoding, 0x380, SERIAL_1);
            feed(decoder, decoder == decoding, 0x380, SERIAL_1); // the same bytes again: the cached text
        }
        for (CanDecoder decoder : List.of(decoding, folding)) {
            BatteryState state = decoder.state();
            assertEquals("REC-BMS", state.manufacturer().orElseThrow());
            assertEquals("CAN-SMARTBMS-BAT", state.get(Identity.MODEL).orElseThrow());
            assertEquals("1.17", state.get(Identity.FIRMWARE_VERSION).orElseThrow());
            assertEquals("1Q-1845", state.get(Identity.SERIAL_NUMBER).orElseThrow(), "0x381 not sent: 0x380 alone");
        }
        feed(folding, false, 0x370, new byte[] { ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' });
        feed(folding, false, 0x371, new byte[8]);
        assertEquals("CAN-SMARTBMS-BAT", folding.state().get(Identity.MODEL).orElseThrow(), "blank: kept");
    }

    private static void feed(CanDecoder decoder, boolean decode, int id, byte[] payload) {
        if (decode) {
            decoder.decode(0, "can0", id, 0, payload);
        } else {
            decoder.foldFrame(0, id, 0, payload);
        }
    }
}
