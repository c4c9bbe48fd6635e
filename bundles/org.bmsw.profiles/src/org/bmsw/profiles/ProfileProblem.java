package org.bmsw.profiles;

/**
 * Why a contribution was skipped, in the form {@code plugin/file:line:column: reason}; line and column are 0
 * when the problem is not in the file (a missing file, a class that cannot be created).
 */
public record ProfileProblem(ProfileOrigin origin, int line, int column, String message) {

    @Override
    public String toString() {
        return line > 0 ? origin + ":" + line + ":" + column + ": " + message : origin + ": " + message;
    }
}
