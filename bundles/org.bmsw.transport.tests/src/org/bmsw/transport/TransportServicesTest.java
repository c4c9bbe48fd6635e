package org.bmsw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Inside OSGi: the registry is a Declarative Services component that collects the built-in providers. */
class TransportServicesTest {

    @Test
    void registryServiceKnowsEveryBuiltInScheme() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(TransportServicesTest.class).getBundleContext();
        ServiceTracker<TransportRegistry, TransportRegistry> tracker = new ServiceTracker<>(context,
                TransportRegistry.class, null);
        tracker.open();
        try {
            TransportRegistry registry = tracker.waitForService(10_000);
            assertNotNull(registry, "no TransportRegistry service: is the DS runtime (Felix SCR) started?");
            long deadline = System.currentTimeMillis() + 10_000;
            while (registry.schemes().size() < 6 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50); // dynamic references bind as the provider components activate
            }
            assertEquals(List.of("modbus-rtu", "modbus-tcp", "replay", "serial", "slcan", "socketcan"), List.copyOf(registry.schemes()));
            assertEquals(EndpointKind.LOOPBACK, registry.endpointKind("modbus-tcp://127.0.0.1:502?unit=1"));
            assertSame(registry, TransportRegistry.getDefault(), "what the CLI and the workbench open URIs with");
        } finally {
            tracker.close();
        }
    }
}
