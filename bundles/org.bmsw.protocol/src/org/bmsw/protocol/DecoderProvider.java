package org.bmsw.protocol;

/**
 * Makes the decoders of one protocol. Every protocol is a provider, the built-in ones and vendors' alike: inside
 * OSGi a provider is a service of this type (a Declarative Services component), in a plain JVM a
 * {@link java.util.ServiceLoader} entry; {@link DecoderRegistry} finds the provider that {@link #supports} a spec.
 * A vendor whose profile only names a decoder id may instead contribute a {@link DecoderFactory} through the
 * profiles extension point, which is registered as a provider too.
 *
 * @since 0.1
 */
public interface DecoderProvider {

    /** The protocol id users write, e.g. {@code pylon-can}. */
    String id();

    /** One line for help texts and the UI, e.g. the variants the protocol takes. */
    String description();

    /** Whether this provider decodes {@code spec}; by default when the spec names its id. */
    default boolean supports(DecoderSpec spec) {
        return id().equals(spec.id());
    }

    /**
     * Whether a profile's protocol binding may name this decoder; false for {@code auto}, which chooses another
     * decoder, since a profile knows its protocol.
     */
    default boolean isBindable() {
        return true;
    }

    /**
     * A new decoder for {@code spec} (decoders keep state: one per trace or live source).
     *
     * @throws IllegalArgumentException naming a variant this protocol does not know
     */
    Decoder create(DecoderSpec spec, DecoderContext context);
}
