package org.bmsw.cli.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.cli.internal.P2Plugins.Feature;
import org.bmsw.cli.internal.P2Plugins.PluginException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bmsw plugins list | install SITE [FEATURE...] | uninstall FEATURE | sites}: vendor plugins (battery and
 * inverter profiles) installed into this installation through p2, as Help > Install New Software does; the window's
 * Installation Details shows and can revert what these commands did.
 */
@Command(name = "plugins", description = "list, install and uninstall plugins (vendor profiles) through p2",
        synopsisSubcommandLabel = "(list | install | uninstall | sites)")
final class PluginsCommand {

    @Command(name = "list", description = "list the installed features: the workbench and the plugins installed into it")
    static final class ListInstalled extends BmswCommand {
        ListInstalled(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            try {
                for (Feature feature : P2Plugins.ofRunningInstallation().installed()) {
                    out.println(line(feature));
                }
                return Bmsw.EXIT_OK;
            } catch (PluginException e) {
                err.println(qualifiedName() + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
        }
    }

    @Command(name = "install", description = "install features of an update site (all of them when none is named)",
            footer = { "SITE: an http(s) URL, a folder or a .zip of a p2 update site (what a vendor's build makes).",
                    "Unsigned plugins are named and installed only with --accept-unsigned. The window loads them at its",
                    "next start; commands see them at once." })
    static final class Install extends BmswCommand {
        @Parameters(index = "0", paramLabel = "SITE", description = "the update site: http(s) URL, folder or .zip")
        String site;

        @Parameters(index = "1..*", paramLabel = "FEATURE",
                description = "feature ids to install, e.g. com.example.bmsw.feature (default: every feature of SITE)")
        List<String> features = new ArrayList<>();

        @Option(names = "--accept-unsigned", description = "install content that is not signed (it is named first)")
        boolean acceptUnsigned;

        Install(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            try {
                URI uri = P2Plugins.siteUri(site);
                List<Feature> installed = P2Plugins.ofRunningInstallation().install(uri, features, acceptUnsigned, err);
                for (Feature feature : installed) {
                    out.println("installed " + line(feature));
                }
                return Bmsw.EXIT_OK;
            } catch (PluginException e) {
                err.println(qualifiedName() + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
        }
    }

    @Command(name = "uninstall", description = "uninstall a feature that was installed on its own (bmsw plugins list)")
    static final class Uninstall extends BmswCommand {
        @Parameters(index = "0", paramLabel = "FEATURE", description = "the feature id, e.g. com.example.bmsw.feature")
        String feature;

        Uninstall(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            try {
                out.println("uninstalled " + line(P2Plugins.ofRunningInstallation().uninstall(feature)));
                return Bmsw.EXIT_OK;
            } catch (PluginException e) {
                err.println(qualifiedName() + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
        }
    }

    @Command(name = "sites", description = "list the update sites this installation knows")
    static final class Sites extends BmswCommand {
        Sites(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            try {
                for (URI site : P2Plugins.ofRunningInstallation().sites()) {
                    out.println(site);
                }
                return Bmsw.EXIT_OK;
            } catch (PluginException e) {
                err.println(qualifiedName() + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
        }
    }

    static String line(Feature feature) {
        return feature.id() + " " + feature.version() + (feature.name().isEmpty() ? "" : " (" + feature.name()
                + (feature.provider().isEmpty() ? "" : ", " + feature.provider()) + ")");
    }
}
