package org.bmsw.protocol;

/**
 * Creates decoders for a protocol the workbench does not have built in. A vendor whose battery speaks something a
 * DBC file or a register map cannot describe contributes one through the extension point
 * {@code org.bmsw.profiles.profiles} ({@code <decoder id="..." class="..."/>}) and names its id in a profile's
 * {@code <protocol decoder="...">}.
 */
public interface DecoderFactory {

    /** A new decoder: one per trace or live session, since decoders keep state. */
    Decoder create();
}
