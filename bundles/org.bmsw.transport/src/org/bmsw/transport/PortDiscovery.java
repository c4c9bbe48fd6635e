package org.bmsw.transport;

import java.util.List;

/** Lists the serial ports of this machine, to offer them in a UI or name them in an error message. */
public interface PortDiscovery {

    /** The ports present now, sorted by path. */
    List<PortInfo> ports();
}
