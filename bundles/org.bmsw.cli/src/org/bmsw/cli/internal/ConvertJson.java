package org.bmsw.cli.internal;

import java.nio.file.Path;

import org.bmsw.formats.Traces;

import com.google.gson.JsonObject;

/** The JSON of {@code convert}; separate so Gson loads only when asked for. */
final class ConvertJson {

    private ConvertJson() {
    }

    static String of(Path in, Path out, Traces.Conversion result) {
        JsonObject json = new JsonObject();
        json.addProperty("in", in.toString());
        json.addProperty("inFormat", result.read().format().id());
        json.addProperty("out", out.toString());
        json.addProperty("outFormat", result.outputFormat().id());
        json.addProperty("framesRead", result.read().frames());
        json.addProperty("framesWritten", result.framesWritten());
        json.addProperty("framesNotWritten", result.framesNotWritten());
        if (result.framesNotWritten() > 0) {
            json.addProperty("notWrittenReason", result.notWrittenReason());
        }
        InfoJson.addRead(json, result.read());
        return InfoJson.toJson(json);
    }
}
