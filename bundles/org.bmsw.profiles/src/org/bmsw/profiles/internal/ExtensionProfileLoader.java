package org.bmsw.profiles.internal;

import java.net.URL;
import java.util.Optional;

import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;
import org.bmsw.protocol.DecoderFactory;
import org.eclipse.core.runtime.ContributorFactoryOSGi;
import org.eclipse.core.runtime.CoreException;
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
        IConfigurationElement[] elements = extensions.getConfigurationElementsFor(ProfileRegistry.EXTENSION_POINT_ID);
        // decoders first: descriptors are checked against the decoder ids they name
        for (IConfigurationElement element : elements) {
            if (element.getName().equals("decoder")) {
                addDecoder(registry, element);
            }
        }
        for (IConfigurationElement element : elements) {
            if (!element.getName().equals("decoder")) {
                addDescriptor(registry, element);
            }
        }
    }

    /** The contributing plugin: a fragment's contributions belong to its host in the registry; name the fragment. */
    private static String contributor(IConfigurationElement element) {
        return element.getContributor() instanceof RegistryContributor registryContributor
                ? registryContributor.getActualName()
                : element.getContributor().getName();
    }

    private static String manifestFile(IConfigurationElement element) {
        return contributor(element).equals(element.getContributor().getName()) ? "plugin.xml" : "fragment.xml";
    }

    private static void addDecoder(ProfileRegistry registry, IConfigurationElement element) {
        ProfileOrigin origin = new ProfileOrigin(contributor(element), manifestFile(element));
        String id = element.getAttribute("id");
        try {
            Object created = element.createExecutableExtension("class");
            if (!(created instanceof DecoderFactory factory)) {
                registry.report(new ProfileProblem(origin, 0, 0, "decoder " + id + ": class "
                        + element.getAttribute("class") + " is not an " + DecoderFactory.class.getName()));
            } else if (!registry.addDecoder(id, factory)) {
                registry.report(new ProfileProblem(origin, 0, 0, "decoder " + id + " is already defined"));
            }
        } catch (CoreException | RuntimeException | LinkageError e) {
            // a vendor's class that fails must not stop the others, nor the workbench
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause(); // CoreException > InvocationTargetException > what the vendor threw
            }
            registry.report(new ProfileProblem(origin, 0, 0, "decoder " + id + ": class " + element.getAttribute("class")
                    + " cannot be created: " + cause));
        }
    }

    private static void addDescriptor(ProfileRegistry registry, IConfigurationElement element) {
        String contributor = contributor(element);
        String descriptor = element.getAttribute("descriptor");
        ProfileOrigin origin = new ProfileOrigin(contributor, descriptor == null ? manifestFile(element) : descriptor);
        try {
            Bundle bundle = ContributorFactoryOSGi.resolve(element.getContributor());
            if (descriptor == null || descriptor.isBlank()) {
                registry.report(new ProfileProblem(origin, 0, 0, "<" + element.getName() + "> has no descriptor attribute"));
                return;
            }
            URL entry = bundle.getEntry(descriptor);
            if (entry == null) {
                registry.report(new ProfileProblem(origin, 0, 0, "descriptor file not found in the plugin"));
                return;
            }
            registry.add(new ProfileSource(origin, entry::openStream,
                    path -> Optional.ofNullable(bundle.getEntry(path)).map(url -> url::openStream)));
        } catch (RuntimeException e) {
            // a vendor's contribution must never stop the others from loading
            registry.report(new ProfileProblem(origin, 0, 0, "cannot read contribution: " + e));
        }
    }
}
