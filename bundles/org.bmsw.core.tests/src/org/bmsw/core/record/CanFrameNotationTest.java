package org.bmsw.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code cansend}'s frame notation read back: standard, extended, remote, dotted bytes, and the mistakes named. */
class CanFrameNotationTest {

    @Test
    void readsStandardExtendedAndRemoteFramesAsCansendDoes() {
        TraceRecord limits = CanFrameNotation.parse("351#1402C012C012C201", "can0");
        assertEquals(0x351, limits.identifier());
        assertFalse(limits.isExtended());
        assertArrayEquals(new byte[] { 0x14, 0x02, (byte) 0xC0, 0x12, (byte) 0xC0, 0x12, (byte) 0xC2, 0x01 },
                limits.payload());
        assertEquals("351#1402C012C012C201", CanFrameNotation.format(limits));

        TraceRecord extended = CanFrameNotation.parse("1234ABCD#DEAD", "can0");
        assertTrue(extended.isExtended());
        assertEquals(0x1234ABCD, extended.identifier());
        assertEquals("1234ABCD#DEAD", CanFrameNotation.format(extended));
        assertEquals("00000123#", CanFrameNotation.format(CanFrameNotation.parse("00000123#", "c")),
                "8 digits are extended even for a small identifier");

        TraceRecord remote = CanFrameNotation.parse("305#R", "can0");
        assertTrue(remote.isRemote());
        assertEquals(0, remote.length());
        assertEquals("305#R3", CanFrameNotation.format(CanFrameNotation.parse("305#R3", "c")));
        assertEquals("35E#50594C4F4E", CanFrameNotation.format(CanFrameNotation.parse(" 35e#50.59.4c.4f.4e ", "c")));
        assertEquals("305#", CanFrameNotation.format(CanFrameNotation.parse("305#", "c")), "no data bytes");
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("\"351\": not a frame ID#DATA (e.g. 351#1402C012C012C201, 1234ABCD#11, 123#R)",
                message("351"));
        assertEquals("\"35#11\": the identifier takes 3 hex digits (11-bit) or 8 (29-bit), not 2", message("35#11"));
        assertEquals("\"951#11\": identifier 0x951 exceeds the 11-bit range", message("951#11"));
        assertEquals("\"351#123\": the data has an odd number of hex digits (3)", message("351#123"));
        assertEquals("\"351#112233445566778899\": 9 data bytes; a classic CAN frame carries 0 to 8",
                message("351#112233445566778899"));
        assertEquals("\"351#1G\": 'G' is not a hex digit", message("351#1G"));
        assertEquals("\"351##111\": CAN FD frames (##) are not sent; classic CAN only", message("351##111"));
        assertEquals("\"351#R9\": a remote request is R or R0-R8, not R9", message("351#R9"));
        assertEquals("\"3Z1#11\": 'Z' is not a hex digit", message("3Z1#11"));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> CanFrameNotation.parse(text, "c")).getMessage();
    }
}
