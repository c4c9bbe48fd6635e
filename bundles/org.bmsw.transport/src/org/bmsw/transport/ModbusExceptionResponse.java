package org.bmsw.transport;

/**
 * A Modbus slave answered a request with an exception response: the device is there and talking, it refused
 * this request (unlike a request left unanswered, which is a plain {@link TransportException}).
 */
public class ModbusExceptionResponse extends TransportException {

    private static final long serialVersionUID = 1L;

    private final int exceptionCode;

    public ModbusExceptionResponse(String message, int exceptionCode, Throwable cause) {
        super(message, cause);
        this.exceptionCode = exceptionCode;
    }

    /** The code the slave sent: 1 illegal function, 2 illegal data address, 3 illegal data value, ... */
    public int exceptionCode() {
        return exceptionCode;
    }

    /** The meaning of a Modbus exception code, as the protocol names it. */
    public static String meaning(int code) {
        return switch (code) {
        case 1 -> "illegal function";
        case 2 -> "illegal data address";
        case 3 -> "illegal data value";
        case 4 -> "slave device failure";
        case 5 -> "acknowledge";
        case 6 -> "slave device busy";
        case 8 -> "memory parity error";
        case 10 -> "gateway path unavailable";
        case 11 -> "gateway target device failed to respond";
        default -> "unknown exception code";
        };
    }
}
