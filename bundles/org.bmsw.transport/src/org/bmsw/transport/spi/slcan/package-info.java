/**
 * The SLCAN (LAWICEL) codec, for a transport that talks to an SLCAN adapter or plays one:
 * {@link org.bmsw.transport.spi.slcan.SlcanCodec} (record to line and line to frame, commands),
 * {@link org.bmsw.transport.spi.slcan.SlcanFramer} (a byte stream into frames and replies, whatever the read
 * boundaries), {@link org.bmsw.transport.spi.slcan.SlcanBitrate} (the {@code Sn} bit-rate commands).
 * Exported at version 0.1.0.
 *
 * @since 0.1.0
 */
package org.bmsw.transport.spi.slcan;
