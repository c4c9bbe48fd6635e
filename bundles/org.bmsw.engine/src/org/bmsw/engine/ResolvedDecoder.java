package org.bmsw.engine;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.bmsw.profiles.DeviceProfile;
import org.bmsw.protocol.Decoder;

/**
 * A decoder chosen once by the engine's policy, which every consumer of a trace uses: the CLI's commands, the
 * workbench's views, the analysis. Decoders keep state, so each pass takes a {@link #newDecoder()}.
 *
 * @param spec the protocol spec decoded with ({@code pylon-can+voltage-0.1V}, a vendor's decoder id, {@code dbc}
 *            for a profile's DBC, {@code auto} while it is still to be detected)
 * @param description how it was chosen, for people: {@code profile x, binding 1 of 2: DBC dbc/x.dbc on port BMS
 *            (CAN, 500000 bit/s)}, with the user's DBC files named
 * @param profile the profile whose binding was chosen, if one was
 * @param notes what people should know about the choice (problems in a user's DBC file, file:line:column)
 * @param factory makes the decoders
 */
public record ResolvedDecoder(String spec, String description, Optional<DeviceProfile> profile, List<String> notes,
        Supplier<Decoder> factory) {

    public ResolvedDecoder {
        notes = List.copyOf(notes);
    }

    /** A new decoder (one per pass over a trace or per live source). */
    public Decoder newDecoder() {
        return factory.get();
    }

    /** Whether the protocol is still to be detected from the records. */
    public boolean isAuto() {
        return org.bmsw.protocol.DecoderSpec.AUTO.equals(spec);
    }
}
