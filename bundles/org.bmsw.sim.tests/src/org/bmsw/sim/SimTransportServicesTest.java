package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.TransportRegistry;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Inside OSGi the simulator's schemes are {@link TransportProvider} services of this bundle, in the default
 * registry like any vendor's; nothing adds them by code. Skipped outside OSGi (quick-test.sh).
 */
class SimTransportServicesTest {

    @Test
    void simAndSlcanAdapterAreProviderServicesInTheDefaultRegistry() throws Exception {
        Bundle bundle = FrameworkUtil.getBundle(SimTransportServicesTest.class);
        assumeTrue(bundle != null, "needs an OSGi framework with the DS runtime (./bmsw test)");
        BundleContext context = bundle.getBundleContext();
        ServiceTracker<TransportRegistry, TransportRegistry> tracker = new ServiceTracker<>(context,
                TransportRegistry.class, null);
        tracker.open();
        try {
            assertNotNull(tracker.waitForService(10_000), "no TransportRegistry service: is Felix SCR started?");
        } finally {
            tracker.close();
        }
        TransportRegistry registry = TransportRegistry.getDefault();
        assertTrue(registry.schemes().containsAll(List.of("serial", "slcan", SimTransports.SIMULATED_SITE,
                SimTransports.SLCAN_ADAPTER)), registry.schemes()::toString);
        for (String scheme : List.of(SimTransports.SIMULATED_SITE, SimTransports.SLCAN_ADAPTER)) {
            ServiceReference<?>[] services = context.getServiceReferences(TransportProvider.class.getName(),
                    "(" + TransportProvider.SCHEMES_PROPERTY + "=" + scheme + ")");
            assertNotNull(services, scheme + " is not a TransportProvider service");
            assertEquals("org.bmsw.sim", services[0].getBundle().getSymbolicName(), scheme);
        }
        assertEquals(EndpointKind.VIRTUAL, registry.endpointKind(SimTransports.DEFAULT_SOURCE));
        // the adapter's DS reference reached the serial provider: a pty is told from a real port through it
        assertEquals(EndpointKind.PSEUDO_TERMINAL, registry.endpointKind("slcan-adapter:/dev/ptmx"));
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("slcan-adapter:/dev/ttyUSB7"));

        BlockingQueue<TraceRecord> heard = new ArrayBlockingQueue<>(100);
        try (Transport site = registry.create(SimTransports.DEFAULT_SOURCE)) {
            site.addRecordListener(heard::offer);
            site.open();
            TraceRecord first = heard.poll(5, TimeUnit.SECONDS);
            assertNotNull(first, "the simulated battery sends within its first cycle");
            assertEquals("sim-pylon-can", first.channel());
        }
    }
}
