package org.bmsw.engine;

import java.nio.file.Path;

import org.bmsw.formats.TraceFormat;

/**
 * A trace file the engine has checked and whose format it detected ({@link TraceEngine#open}).
 *
 * @param path the file the user named
 * @param format its format, detected from the content
 * @param serial whether it carries serial (RS485, Modbus) records rather than CAN frames: a serial dump, or a
 *            store whose first channel is serial; decides which protocol binding of a profile applies
 * @param sizeBytes its size, for progress
 */
public record TraceInput(Path path, TraceFormat format, boolean serial, long sizeBytes) {
}
