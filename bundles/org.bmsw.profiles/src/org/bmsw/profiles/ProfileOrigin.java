package org.bmsw.profiles;

/**
 * Where a profile or a problem comes from.
 *
 * @param contributor the contributing plugin's symbolic name (or "test" for programmatic registration)
 * @param path the descriptor's path inside the contributor, e.g. "profiles/acme-x48.xml"
 */
public record ProfileOrigin(String contributor, String path) {

    @Override
    public String toString() {
        return contributor + "/" + path;
    }
}
