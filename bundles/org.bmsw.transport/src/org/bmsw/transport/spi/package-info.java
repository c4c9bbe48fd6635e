/**
 * What a vendor extends to add a transport scheme: {@link org.bmsw.transport.spi.AbstractTransport} (listeners,
 * state events, statistics), {@link org.bmsw.transport.spi.TransportClock} and
 * {@link org.bmsw.transport.spi.WallClock} for timestamps, {@link org.bmsw.transport.spi.Endpoints} for the
 * provider's answer to "real device or pty/loopback". A provider implements
 * {@link org.bmsw.transport.TransportProvider} and registers it as an OSGi service (a Declarative Services
 * component), exactly as the built-in schemes and the simulator's do; the SLCAN codec is in
 * {@code org.bmsw.transport.spi.slcan}. Exported at version 0.1.0; internals stay in {@code *.internal}.
 *
 * @since 0.1.0
 */
package org.bmsw.transport.spi;
