package org.bmsw.profiles;

import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderFactory;

/** A broken vendor class, contributed by this fragment's fragment.xml: it throws as soon as it is created. */
public final class ThrowingDecoderFactory implements DecoderFactory {

    public ThrowingDecoderFactory() {
        throw new IllegalStateException("vendor bug: license file missing");
    }

    @Override
    public Decoder create() {
        throw new AssertionError("never created");
    }
}
