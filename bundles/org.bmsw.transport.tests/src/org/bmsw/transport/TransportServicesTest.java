package org.bmsw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Inside OSGi: the registry is a Declarative Services component with a dynamic reference to every
 * {@link TransportProvider} service, and {@link TransportRegistry#getDefault()} is that component.
 */
class TransportServicesTest {

    private static BundleContext context;
    private static TransportRegistry service;

    @BeforeAll
    static void registryService() throws InterruptedException {
        org.osgi.framework.Bundle bundle = FrameworkUtil.getBundle(TransportServicesTest.class);
        assumeTrue(bundle != null, "needs an OSGi framework with the DS runtime (./bmsw test)");
        context = bundle.getBundleContext();
        ServiceTracker<TransportRegistry, TransportRegistry> tracker = new ServiceTracker<>(context,
                TransportRegistry.class, null);
        tracker.open();
        try {
            service = tracker.waitForService(10_000); // the test harness may run before the DS runtime is up
            assertNotNull(service, "no TransportRegistry service: is the DS runtime (Felix SCR) started?");
        } finally {
            tracker.close();
        }
    }

    @Test
    void registryServiceKnowsEveryBuiltInSchemeAndIsTheDefault() throws Exception {
        assertSame(service, TransportRegistry.getDefault(), "what the CLI and the workbench open URIs with");
        assertTrue(service.schemes().containsAll(
                List.of("modbus-rtu", "modbus-tcp", "replay", "serial", "slcan", "socketcan")), service.schemes()::toString);
        assertEquals(EndpointKind.LOOPBACK, service.endpointKind("modbus-tcp://127.0.0.1:502?unit=1"));
        ServiceReference<?>[] serial = context.getServiceReferences(TransportProvider.class.getName(),
                "(" + TransportProvider.SCHEMES_PROPERTY + "=serial)");
        assertNotNull(serial, "the serial provider service carries its scheme as a property");
        assertEquals(1, serial.length);
    }

    @Test
    void aProviderServiceRegisteredLaterIsUsableAtOnceAndGoneWhenItGoes() throws Exception {
        TransportRegistry registry = TransportRegistry.getDefault();
        assertFalse(registry.schemes().contains("loop"));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(TransportProvider.SCHEMES_PROPERTY, "loop");
        ServiceRegistration<TransportProvider> registration = context.registerService(TransportProvider.class,
                new TransportRegistryTest.LoopbackProvider(), properties);
        try {
            // no waiting: the DS runtime binds the dynamic reference while the service registers
            assertTrue(registry.schemes().contains("loop"), registry.schemes()::toString);
            try (Transport transport = TransportRegistry.getDefault().open("loop:late")) {
                assertEquals("late", transport.channel());
            }
        } finally {
            registration.unregister();
        }
        assertFalse(registry.schemes().contains("loop"), registry.schemes()::toString);
    }
}
