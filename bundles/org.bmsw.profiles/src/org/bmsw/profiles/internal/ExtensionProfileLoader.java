package org.bmsw.profiles.internal;

import java.net.URL;

import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;
import org.eclipse.core.runtime.ContributorFactoryOSGi;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.RegistryFactory;
import org.eclipse.core.runtime.spi.RegistryContributor;
import org.osgi.framework.Bundle;

/** Feeds the contributions to {@value ProfileRegistry#EXTENSION_POINT_ID} into a registry. */
public final class ExtensionProfileLoader {

    private ExtensionProfileLoader() {
    }

    public static void loadInto(ProfileRegistry registry) {
        IExtensionRegistry extensions = RegistryFactory.getRegistry();
        if (extensions == null) {
            registry.report(new ProfileProblem(new ProfileOrigin("org.bmsw.profiles", "plugin.xml"), 0, 0,
                    "no extension registry: profiles are only contributed inside the workbench or the CLI"));
            return;
        }
        for (IConfigurationElement element : extensions.getConfigurationElementsFor(ProfileRegistry.EXTENSION_POINT_ID)) {
            // a fragment's contributions belong to its host in the registry; name the fragment, where the file is
            String contributor = element.getContributor() instanceof RegistryContributor registryContributor
                    ? registryContributor.getActualName()
                    : element.getContributor().getName();
            boolean fragment = !contributor.equals(element.getContributor().getName());
            String descriptor = element.getAttribute("descriptor");
            ProfileOrigin origin = new ProfileOrigin(contributor,
                    descriptor == null ? (fragment ? "fragment.xml" : "plugin.xml") : descriptor);
            try {
                Bundle bundle = ContributorFactoryOSGi.resolve(element.getContributor());
                if (descriptor == null || descriptor.isBlank()) {
                    registry.report(new ProfileProblem(origin, 0, 0, "<" + element.getName() + "> has no descriptor attribute"));
                    continue;
                }
                URL entry = bundle.getEntry(descriptor);
                if (entry == null) {
                    registry.report(new ProfileProblem(origin, 0, 0, "descriptor file not found in the plugin"));
                    continue;
                }
                registry.add(new ProfileSource(origin, entry::openStream, path -> bundle.getEntry(path) != null));
            } catch (RuntimeException e) {
                // a vendor's contribution must never stop the others from loading
                registry.report(new ProfileProblem(origin, 0, 0, "cannot read contribution: " + e));
            }
        }
    }
}
