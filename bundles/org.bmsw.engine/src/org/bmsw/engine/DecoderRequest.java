package org.bmsw.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the user asked to decode with, before the engine's one policy turns it into a decoder
 * ({@link TraceEngine#resolve}): a protocol spec ({@code auto} when neither it nor a profile is given) or a
 * profile's protocol binding, plus the user's own DBC files, whose messages take precedence by identifier over
 * the protocol's (other identifiers keep the protocol's decoding), and a register map for Modbus.
 *
 * @param protocol a protocol spec such as {@code pylon-can+voltage-0.1V}; null for none
 * @param profile a profile id such as {@code seed.lv-battery}; null for none
 * @param dbcOverlays the user's DBC files, later ones taking precedence
 * @param registerMap a Modbus register map file; null for none
 */
public record DecoderRequest(String protocol, String profile, List<Path> dbcOverlays, Path registerMap) {

    public DecoderRequest {
        dbcOverlays = List.copyOf(dbcOverlays);
    }

    /** Detect the protocol from the trace. */
    public static DecoderRequest auto() {
        return new DecoderRequest(null, null, List.of(), null);
    }

    /** A protocol spec; null or blank means {@code auto}. */
    public static DecoderRequest protocol(String spec) {
        return new DecoderRequest(spec == null || spec.isBlank() ? null : spec.trim(), null, List.of(), null);
    }

    /** A profile's protocol binding. */
    public static DecoderRequest profile(String id) {
        return new DecoderRequest(null, Objects.requireNonNull(id, "id"), List.of(), null);
    }

    /** This request with {@code dbc} added on top of the DBC files it has. */
    public DecoderRequest withDbc(Path dbc) {
        List<Path> all = new ArrayList<>(dbcOverlays);
        all.add(dbc);
        return new DecoderRequest(protocol, profile, all, registerMap);
    }

    /** This request with the user's DBC files replaced by {@code dbcs}. */
    public DecoderRequest withDbcs(List<Path> dbcs) {
        return new DecoderRequest(protocol, profile, dbcs, registerMap);
    }

    public DecoderRequest withRegisterMap(Path map) {
        return new DecoderRequest(protocol, profile, dbcOverlays, map);
    }

    /**
     * Whether the protocol is to be detected: no protocol (or {@code auto}), no profile and no register map (a
     * register map means Modbus).
     */
    public boolean isAuto() {
        return profile == null && (protocol == null && registerMap == null
                || org.bmsw.protocol.DecoderSpec.AUTO.equals(protocol));
    }
}
