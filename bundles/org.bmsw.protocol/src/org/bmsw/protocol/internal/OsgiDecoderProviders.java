package org.bmsw.protocol.internal;

import org.bmsw.protocol.DecoderProvider;
import org.bmsw.protocol.DecoderRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Keeps a registry in step with the {@link DecoderProvider} services. Kept apart from {@link DecoderRegistry} so
 * that a plain JVM without the OSGi classes never loads it past the first check.
 */
public final class OsgiDecoderProviders {

    private OsgiDecoderProviders() {
    }

    /**
     * Follows every {@code DecoderProvider} service into {@code registry} for as long as this bundle runs.
     *
     * @return false outside a running OSGi framework (nothing was done)
     */
    public static boolean follow(DecoderRegistry registry) {
        BundleContext context;
        try {
            Bundle bundle = FrameworkUtil.getBundle(OsgiDecoderProviders.class);
            context = bundle == null ? null : bundle.getBundleContext();
        } catch (LinkageError e) {
            return false; // no OSGi on the class path
        }
        if (context == null) {
            return false;
        }
        ServiceTracker<DecoderProvider, DecoderProvider> tracker = new ServiceTracker<>(context, DecoderProvider.class,
                null) {
            @Override
            public DecoderProvider addingService(ServiceReference<DecoderProvider> reference) {
                DecoderProvider provider = super.addingService(reference);
                if (provider != null) {
                    registry.register(provider);
                }
                return provider;
            }

            @Override
            public void removedService(ServiceReference<DecoderProvider> reference, DecoderProvider provider) {
                registry.unregister(provider);
                super.removedService(reference, provider);
            }
        };
        tracker.open(); // the services registered so far are added before open returns
        return true;
    }
}
