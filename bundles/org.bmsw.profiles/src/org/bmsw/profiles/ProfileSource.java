package org.bmsw.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A descriptor file to read, and the files of the contribution it may refer to (DBC files, register maps).
 *
 * @param origin contributor and path, used in every problem reported about it
 * @param opener opens the descriptor
 * @param fileExists whether a path relative to the contributor's root exists, to check DBC and map references
 */
public record ProfileSource(ProfileOrigin origin, Opener opener, Predicate<String> fileExists) {

    public ProfileSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(fileExists, "fileExists");
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
