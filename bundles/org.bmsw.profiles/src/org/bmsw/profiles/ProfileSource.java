package org.bmsw.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * A descriptor file to read, and the files of the contribution it may refer to (DBC files, register maps).
 *
 * @param origin contributor and path, used in every problem reported about it
 * @param opener opens the descriptor
 * @param files finds a file by its path relative to the contributor's root, to check DBC and map references
 */
public record ProfileSource(ProfileOrigin origin, Opener opener, FileLookup files) {

    public ProfileSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(files, "files");
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** The files of a contribution: an opener for {@code path}, or empty when the contribution has no such file. */
    @FunctionalInterface
    public interface FileLookup {
        Optional<Opener> find(String path);

        /** A contribution without other files. */
        static FileLookup none() {
            return path -> Optional.empty();
        }
    }
}
