package org.bmsw.transport.internal.serial;

import java.util.List;

import org.bmsw.transport.PortDiscovery;
import org.bmsw.transport.PortInfo;
import org.osgi.service.component.annotations.Component;

/** Port discovery through jSerialComm: system name, description, USB vendor and product id. */
@Component(service = PortDiscovery.class)
public final class JSerialCommPortDiscovery implements PortDiscovery {

    @Override
    public List<PortInfo> ports() {
        return SerialPorts.list();
    }
}
