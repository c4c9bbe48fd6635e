package org.bmsw.engine.fleet;

import java.nio.file.Path;

/**
 * A trace of a fleet: the name the summary gives it and where it is read from.
 *
 * @param name its path relative to the folder given (or the path as given), {@code /} separated
 * @param path the file
 * @param sizeBytes its size when listed, for progress
 */
public record FleetTrace(String name, Path path, long sizeBytes) {
}
