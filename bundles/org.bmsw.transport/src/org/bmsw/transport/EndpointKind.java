package org.bmsw.transport;

/**
 * What a transport URI reaches, so that a simulator can refuse to drive real hardware without an explicit
 * acknowledgement (a simulated battery can make a real inverter charge or discharge).
 */
public enum EndpointKind {
    /** A device that may be wired to real equipment: a USB adapter, a UART, a remote host. */
    REAL_DEVICE(true),
    /** A pseudo-terminal ({@code /dev/pts/*}, e.g. one end of a socat pair), possibly reached through a link. */
    PSEUDO_TERMINAL(false),
    /** A network address of this machine (127.0.0.0/8, ::1). */
    LOOPBACK(false),
    /** A virtual bus or a file (vcan, replay). */
    VIRTUAL(false);

    private final boolean real;

    EndpointKind(boolean real) {
        this.real = real;
    }

    /** True when traffic sent here may reach real equipment; the safe answer when in doubt. */
    public boolean isReal() {
        return real;
    }
}
