package org.bmsw.core.store;

/**
 * A stretch of a trace store file the reader could not use: damaged bytes it skipped, or a tail that is not a
 * whole block. The records around it are read as usual.
 *
 * @param offset the byte offset in the file where the stretch starts
 * @param bytesLost its length in bytes
 * @param framesLost the frames the stretch held, as far as the blocks around it tell
 * @param framesExact false when the count is only a lower bound (the damage took the counts with it)
 * @param reason what is wrong there, e.g. {@code "a block checksum mismatch (stored 1a2b3c4d, computed 0)"}
 */
public record StoreProblem(long offset, long bytesLost, long framesLost, boolean framesExact, String reason) {

    /** {@code "byte 4096: a block checksum mismatch (...): 8192 frames (262192 bytes) lost"}. */
    public String describe() {
        return "byte " + offset + ": " + reason + ": " + (framesExact ? "" : "at least ") + framesLost
                + (framesLost == 1 ? " frame" : " frames") + " (" + bytesLost + " bytes) lost";
    }
}
