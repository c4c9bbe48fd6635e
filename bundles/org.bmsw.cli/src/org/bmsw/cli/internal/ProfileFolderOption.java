package org.bmsw.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/**
 * {@code --profile-dir DIR} (repeatable): profiles read from a folder as they are written, without packaging them as
 * a plugin, beside the installed ones. {@link Bmsw} loads them before the command runs; what is kept out is reported
 * on stderr as {@code file:line:column: reason}.
 */
final class ProfileFolderOption {

    static final String NAME = "--profile-dir";

    @Option(names = NAME, paramLabel = "DIR", description = "also load the profiles (descriptors with their DBC files "
            + "and register maps) in this folder, e.g. a vendor project (repeatable)")
    List<Path> folders = new ArrayList<>();
}
