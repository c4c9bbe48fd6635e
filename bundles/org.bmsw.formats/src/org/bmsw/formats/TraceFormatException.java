package org.bmsw.formats;

import java.io.IOException;

/** A trace that cannot be read, with a message users can act on: {@code site.log:1234: reason}. */
public class TraceFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }
}
