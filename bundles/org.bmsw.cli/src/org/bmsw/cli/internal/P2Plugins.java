package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bouncycastle.openpgp.PGPPublicKey;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.IProvisioningAgentProvider;
import org.eclipse.equinox.p2.core.ProvisionException;
import org.eclipse.equinox.p2.core.UIServices;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.engine.ProvisioningContext;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.operations.InstallOperation;
import org.eclipse.equinox.p2.operations.ProfileChangeOperation;
import org.eclipse.equinox.p2.operations.ProvisioningJob;
import org.eclipse.equinox.p2.operations.ProvisioningSession;
import org.eclipse.equinox.p2.operations.UninstallOperation;
import org.eclipse.equinox.p2.query.QueryUtil;
import org.eclipse.equinox.p2.repository.IRepositoryManager;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepositoryManager;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * The running installation's plugins through p2, in this process: the same profile, the same install, update and
 * uninstall operations and the same history as the window's Installation Details, so either undoes what the other
 * did. Features are p2 feature groups ({@code ID.feature.group}); users name them by ID.
 */
final class P2Plugins {

    static final String FEATURE_GROUP = ".feature.group";
    /** The workbench's own product unit, a root of every installation. */
    static final String PRODUCT = "org.bmsw.product";

    /** An installed or offered feature. */
    record Feature(String id, String version, String name, String provider) {
        static Feature of(IInstallableUnit unit) {
            String id = unit.getId().endsWith(FEATURE_GROUP)
                    ? unit.getId().substring(0, unit.getId().length() - FEATURE_GROUP.length())
                    : unit.getId();
            return new Feature(id, unit.getVersion().toString(), text(unit.getProperty(IInstallableUnit.PROP_NAME, null)),
                    text(unit.getProperty(IInstallableUnit.PROP_PROVIDER, null)));
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }
    }

    /** A failure to report to the user as it is, with exit code 1. */
    static final class PluginException extends Exception {
        private static final long serialVersionUID = 1L;

        PluginException(String message) {
            super(message);
        }
    }

    private final IProvisioningAgent agent;
    private final IProfileRegistry profiles;

    private P2Plugins(IProvisioningAgent agent) throws PluginException {
        this.agent = agent;
        this.profiles = agent.getService(IProfileRegistry.class);
        if (profiles == null || profile() == null) {
            throw new PluginException("this installation has no p2 profile (" + System.getProperty("eclipse.p2.profile",
                    "eclipse.p2.profile not set") + "): plugins can only be managed in an installed product");
        }
    }

    /** The running installation's p2 agent and profile. */
    static P2Plugins ofRunningInstallation() throws PluginException {
        BundleContext context = FrameworkUtil.getBundle(P2Plugins.class).getBundleContext();
        ServiceReference<IProvisioningAgentProvider> reference = context.getServiceReference(IProvisioningAgentProvider.class);
        if (reference == null) {
            throw new PluginException("p2 is not part of this installation (no provisioning agent provider)");
        }
        try {
            // null: the agent of the running system (its p2 data area, eclipse.p2.data.area)
            return new P2Plugins(context.getService(reference).createAgent(null));
        } catch (ProvisionException e) {
            throw new PluginException("p2 could not start: " + e.getMessage());
        }
    }

    private IProfile profile() {
        return profiles.getProfile(IProfileRegistry.SELF);
    }

    /** The features installed on their own (p2 roots), the workbench's product first. */
    List<Feature> installed() {
        IProfile profile = profile();
        List<Feature> roots = new ArrayList<>();
        for (IInstallableUnit unit : profile.query(QueryUtil.createIUAnyQuery(), null)) {
            if (isRoot(profile, unit)) {
                roots.add(Feature.of(unit));
            }
        }
        roots.sort(Comparator.comparing((Feature f) -> !f.id().equals(PRODUCT)).thenComparing(f -> !f.id().startsWith("org.bmsw."))
                .thenComparing(Feature::id));
        return roots;
    }

    private static boolean isRoot(IProfile profile, IInstallableUnit unit) {
        return Boolean.parseBoolean(profile.getInstallableUnitProperty(unit, IProfile.PROP_PROFILE_ROOT_IU));
    }

    /** The update sites this installation knows (added by installs or in Install New Software). */
    List<URI> sites() {
        IMetadataRepositoryManager manager = agent.getService(IMetadataRepositoryManager.class);
        List<URI> sites = new ArrayList<>(Arrays.asList(manager.getKnownRepositories(IRepositoryManager.REPOSITORIES_NON_SYSTEM)));
        sites.sort(Comparator.comparing(URI::toString));
        return sites;
    }

    /**
     * Installs {@code featureIds} (all of the site's features when empty) from {@code site}. Unsigned content is
     * named on {@code err} and installed only with {@code acceptUnsigned}. Returns what was installed.
     */
    List<Feature> install(URI site, List<String> featureIds, boolean acceptUnsigned, PrintStream err) throws PluginException {
        IMetadataRepositoryManager metadata = agent.getService(IMetadataRepositoryManager.class);
        IArtifactRepositoryManager artifacts = agent.getService(IArtifactRepositoryManager.class);
        IMetadataRepository repository;
        try {
            repository = metadata.loadRepository(site, new NullProgressMonitor());
            artifacts.loadRepository(site, new NullProgressMonitor());
        } catch (ProvisionException e) {
            throw new PluginException("no update site at " + site + ": " + e.getMessage());
        }
        List<IInstallableUnit> offered = new ArrayList<>();
        repository.query(QueryUtil.createLatestQuery(QueryUtil.createIUGroupQuery()), null).forEach(offered::add);
        offered.removeIf(unit -> !unit.getId().endsWith(FEATURE_GROUP));
        if (offered.isEmpty()) {
            throw new PluginException("the update site " + site + " offers no feature");
        }
        List<IInstallableUnit> chosen = new ArrayList<>();
        for (String id : featureIds) {
            String wanted = id.endsWith(FEATURE_GROUP) ? id : id + FEATURE_GROUP;
            IInstallableUnit unit = offered.stream().filter(u -> u.getId().equals(wanted)).findFirst()
                    .orElseThrow(() -> new PluginException("the update site " + site + " has no feature '" + id
                            + "'; it offers: " + String.join(", ", offered.stream().map(u -> Feature.of(u).id()).toList())));
            chosen.add(unit);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(offered);
        }
        ProvisioningContext context = new ProvisioningContext(agent);
        context.setMetadataRepositories(site);
        context.setArtifactRepositories(site);
        InstallOperation operation = new InstallOperation(new ProvisioningSession(agent), chosen);
        run(operation, context, acceptUnsigned, "install", err);
        // remembered, so that Check for Updates and Install New Software find the site again
        metadata.addRepository(site);
        artifacts.addRepository(site);
        return chosen.stream().map(Feature::of).toList();
    }

    /** Uninstalls the installed root feature {@code featureId}; returns it. */
    Feature uninstall(String featureId) throws PluginException {
        IProfile profile = profile();
        String wanted = featureId.endsWith(FEATURE_GROUP) ? featureId : featureId + FEATURE_GROUP;
        IInstallableUnit unit = null;
        for (IInstallableUnit candidate : profile.query(QueryUtil.createIUQuery(wanted), null)) {
            unit = candidate;
        }
        if (unit == null || !isRoot(profile, unit)) {
            throw new PluginException("no installed feature '" + featureId + "'; installed: "
                    + String.join(", ", installed().stream().map(Feature::id).toList()));
        }
        if (unit.getId().startsWith("org.bmsw.")) {
            throw new PluginException("'" + featureId + "' is the workbench itself, not a plugin");
        }
        run(new UninstallOperation(new ProvisioningSession(agent), List.of(unit)), new ProvisioningContext(agent), false,
                "uninstall", null);
        return Feature.of(unit);
    }

    private void run(ProfileChangeOperation operation, ProvisioningContext context, boolean acceptUnsigned, String what,
            PrintStream err) throws PluginException {
        operation.setProfileId(IProfileRegistry.SELF);
        operation.setProvisioningContext(context);
        IStatus resolved = operation.resolveModal(new NullProgressMonitor());
        if (resolved.getSeverity() == IStatus.ERROR || resolved.getSeverity() == IStatus.CANCEL) {
            String details = operation.getResolutionDetails();
            throw new PluginException("cannot " + what + ": " + resolved.getMessage()
                    + (details == null || details.isBlank() ? "" : "\n" + details.strip()));
        }
        TrustPrompt trust = new TrustPrompt(acceptUnsigned);
        Object previous = agent.getService(UIServices.SERVICE_NAME);
        agent.registerService(UIServices.SERVICE_NAME, trust);
        IStatus done;
        try {
            ProvisioningJob job = operation.getProvisioningJob(new NullProgressMonitor());
            if (job == null) {
                throw new PluginException("cannot " + what + ": p2 made no plan (" + resolved.getMessage() + ")");
            }
            done = job.runModal(new NullProgressMonitor());
        } finally {
            agent.unregisterService(UIServices.SERVICE_NAME, trust);
            if (previous != null) {
                agent.registerService(UIServices.SERVICE_NAME, previous);
            }
        }
        if (err != null) {
            for (String unsigned : trust.unsigned) {
                err.println("bmsw plugins: unsigned: " + unsigned + (acceptUnsigned ? " (accepted: --accept-unsigned)" : ""));
            }
        }
        if (!done.isOK() && done.getSeverity() != IStatus.INFO && done.getSeverity() != IStatus.WARNING) {
            if (!trust.unsigned.isEmpty() && !acceptUnsigned) {
                throw new PluginException("not installed: the content above is not signed; install it anyway with --accept-unsigned");
            }
            throw new PluginException("cannot " + what + ": " + describe(done));
        }
    }

    private static String describe(IStatus status) {
        StringBuilder text = new StringBuilder(status.getMessage());
        for (IStatus child : status.getChildren()) {
            text.append("\n  ").append(describe(child).replace("\n", "\n  "));
        }
        if (status.getException() != null && status.getChildren().length == 0) {
            text.append(" (").append(status.getException()).append(')');
        }
        return text.toString();
    }

    /** p2's question about unsigned or untrusted content, answered from the command line's --accept-unsigned. */
    private static final class TrustPrompt extends UIServices {
        private final boolean acceptUnsigned;
        final Set<String> unsigned = new LinkedHashSet<>();

        TrustPrompt(boolean acceptUnsigned) {
            this.acceptUnsigned = acceptUnsigned;
        }

        @Override
        public TrustInfo getTrustInfo(Certificate[][] untrustedChains, Collection<PGPPublicKey> untrustedKeys,
                String[] unsignedDetail) {
            if (unsignedDetail != null) {
                for (String artifact : unsignedDetail) {
                    // p2 names the file in the installation's bundle pool: plugins/ID_VERSION.jar
                    unsigned.add(artifact.substring(artifact.replace('\\', '/').lastIndexOf('/') + 1));
                }
            }
            int untrustedSigners = (untrustedChains == null ? 0 : untrustedChains.length)
                    + (untrustedKeys == null ? 0 : untrustedKeys.size());
            if (untrustedSigners > 0) {
                unsigned.add(untrustedSigners + " signer(s) this installation does not trust yet");
            }
            List<Certificate> certificates = new ArrayList<>();
            if (acceptUnsigned && untrustedChains != null) {
                for (Certificate[] chain : untrustedChains) {
                    certificates.add(chain[0]);
                }
            }
            return new TrustInfo(certificates, acceptUnsigned && untrustedKeys != null ? untrustedKeys : List.of(), false,
                    acceptUnsigned);
        }

        @Override
        public TrustInfo getTrustInfo(Certificate[][] untrustedChains, String[] unsignedDetail) {
            return getTrustInfo(untrustedChains, List.of(), unsignedDetail);
        }

        @Override
        public AuthenticationInfo getUsernamePassword(String location) {
            return null; // no prompt on the command line: a site that needs a login fails with p2's message
        }

        @Override
        public AuthenticationInfo getUsernamePassword(String location, AuthenticationInfo previousInfo) {
            return null;
        }
    }

    /**
     * The site as p2 loads it: an http(s) or file URL as given, a folder as a file URL, a zipped site as a jar URL
     * into the zip.
     */
    static URI siteUri(String site) throws PluginException {
        String lower = site.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:")
                || lower.startsWith("jar:")) {
            try {
                return URI.create(site);
            } catch (IllegalArgumentException e) {
                throw new PluginException("not a URL: " + site + " (" + e.getMessage() + ")");
            }
        }
        Path path = Path.of(site).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            return path.toUri();
        }
        if (Files.isRegularFile(path) && (lower.endsWith(".zip") || lower.endsWith(".jar"))) {
            return URI.create("jar:" + path.toUri() + "!/");
        }
        if (!Files.exists(path)) {
            throw new PluginException("no update site at " + site + ": no such file or folder");
        }
        throw new PluginException(site + " is not an update site: give an http(s) URL, a folder or a .zip");
    }
}
