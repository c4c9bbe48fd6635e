package org.bmsw.protocol.dbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads DBC text as real-world files write it, not only the project's own: {@code VERSION}, the {@code NS_} block,
 * {@code BS_}, {@code BU_}, {@code VAL_TABLE_}, {@code BO_}/{@code SG_} (Intel and Motorola, signed, multiplexed
 * {@code M}/{@code mN}), {@code BO_TX_BU_}, {@code CM_} (strings may span lines), {@code BA_DEF_},
 * {@code BA_DEF_DEF_}, {@code BA_}, {@code VAL_}, {@code SIG_VALTYPE_}, identifiers with bit 31 for 29-bit frames.
 * Sections the model does not interpret ({@code EV_}, {@code SIG_GROUP_}, {@code SG_MUL_VAL_}, node comments, ...)
 * are kept verbatim for the writer; unknown sections are skipped with a warning. A broken statement is reported as
 * {@code file:line:column: reason} and reading goes on with the next line.
 */
public final class DbcParser {

    /** Statements kept verbatim (to the {@code ;}) because the model does not interpret them. */
    private static final Set<String> PRESERVED = Set.of("EV_", "ENVVAR_DATA_", "SGTYPE_", "SGTYPE_VAL_",
            "SIG_GROUP_", "SIG_TYPE_REF_", "SG_MUL_VAL_", "BA_DEF_REL_", "BA_REL_", "BA_DEF_DEF_REL_", "BA_DEF_SGTYPE_",
            "BA_SGTYPE_", "SIGTYPE_VALTYPE_", "CAT_DEF_", "CAT_", "FILTER", "BU_SG_REL_", "BU_EV_REL_", "BU_BO_REL_",
            "EV_DATA_", "NS_DESC_");

    /** The result: the database read and every problem met, in file order. */
    public record Result(DbcDatabase database, List<DbcDiagnostic> diagnostics) {

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(DbcDiagnostic::error);
        }
    }

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;
    private final List<DbcDiagnostic> diagnostics = new ArrayList<>();

    private String version = "";
    private final List<String> nodes = new ArrayList<>();
    private final Map<Long, MessageHolder> messages = new LinkedHashMap<>();
    private final Map<String, Map<Long, String>> valueTables = new LinkedHashMap<>();
    private final List<DbcAttributeDefinition> definitions = new ArrayList<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Map<String, String> networkAttributes = new LinkedHashMap<>();
    private String networkComment;
    private final List<String> preserved = new ArrayList<>();

    private DbcParser(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /** Reads {@code text}; {@code source} names it in diagnostics (a file name). Never throws on bad input. */
    public static Result parse(String source, String text) {
        DbcParser parser = new DbcParser(source, text.startsWith("\uFEFF") ? text.substring(1) : text);
        parser.run();
        return new Result(parser.build(), List.copyOf(parser.diagnostics));
    }

    /**
     * Reads a DBC file: UTF-8 when it decodes as such, else windows-1252 (what CANdb++ writes); the file name is
     * the diagnostics' source.
     */
    public static Result read(java.nio.file.Path file) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            text = new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
        }
        return parse(file.getFileName().toString(), text);
    }

    /** Reads {@code text} and throws, naming every {@code file:line:column}, when a statement had to be dropped. */
    public static DbcDatabase parseStrict(String source, String text) {
        Result result = parse(source, text);
        if (result.hasErrors()) {
            throw new DbcParseException(result.diagnostics().stream().filter(DbcDiagnostic::error).toList());
        }
        return result.database();
    }

    // ---- statements

    private void run() {
        while (true) {
            skipSpace(true);
            if (eof()) {
                return;
            }
            int startPos = pos;
            int startLine = line;
            int startColumn = column;
            String keyword = peekChar() == '"' ? "" : token();
            try {
                statement(keyword, startPos, startLine, startColumn);
            } catch (SyntaxError e) {
                diagnostics.add(new DbcDiagnostic(source, e.line, e.column, true, e.getMessage()));
                skipLine();
            }
        }
    }

    private void statement(String keyword, int startPos, int startLine, int startColumn) {
        switch (keyword) {
        case "VERSION" -> version = string();
        case "NS_" -> {
            expect(':');
            // NS_ lists keyword names, indented; the block ends at the first line that starts in column 1
            while (true) {
                skipSpace(true);
                if (eof() || column == 1) {
                    return;
                }
                token();
            }
        }
        case "BS_" -> skipLine();
        case "BU_" -> {
            expect(':');
            while (!atLineEnd()) {
                nodes.add(token());
            }
        }
        case "VAL_TABLE_" -> {
            String name = token();
            valueTables.put(name, valuePairs());
        }
        case "BO_" -> message(startLine, startColumn);
        case "SG_" -> throw error(startLine, startColumn, "SG_ outside a BO_ message");
        case "BO_TX_BU_" -> {
            MessageHolder message = messageRef(number());
            expect(':');
            List<String> senders = new ArrayList<>();
            while (!tryChar(';')) {
                tryChar(',');
                senders.add(token());
            }
            if (message != null) {
                for (String sender : senders) {
                    if (!message.transmitters.contains(sender)) {
                        message.transmitters.add(sender);
                    }
                }
            }
        }
        case "CM_" -> comment(startPos);
        case "BA_DEF_" -> {
            skipSpace(true);
            String objectType = peekChar() == '"' ? "" : token();
            String name = string();
            String type = rawToSemicolon().trim();
            definitions.add(new DbcAttributeDefinition(objectType, name, type, null));
        }
        case "BA_DEF_DEF_" -> {
            String name = string();
            defaults.put(name, valueLiteral());
            expect(';');
        }
        case "BA_" -> attribute(startPos);
        case "VAL_" -> {
            skipSpace(true);
            if (!Character.isDigit(peekChar())) {
                preserved.add(text.substring(startPos, endOfStatement()));
                return;
            }
            long id = number();
            String signalName = token();
            Map<Long, String> values = valuePairs();
            SignalHolder signal = signalRef(id, signalName, startLine, startColumn);
            if (signal != null) {
                signal.values.putAll(values);
            }
        }
        case "SIG_VALTYPE_" -> {
            long id = number();
            String signalName = token();
            tryChar(':');
            long type = number();
            expect(';');
            SignalHolder signal = signalRef(id, signalName, startLine, startColumn);
            if (signal != null) {
                signal.valueType = type == 1 ? DbcValueType.FLOAT32 : type == 2 ? DbcValueType.FLOAT64
                        : DbcValueType.INTEGER;
            }
        }
        default -> {
            if (PRESERVED.contains(keyword)) {
                preserved.add(text.substring(startPos, endOfStatement()));
            } else {
                diagnostics.add(new DbcDiagnostic(source, startLine, startColumn, false,
                        "unknown section '" + keyword + "' skipped"));
                skipLine();
            }
        }
        }
    }

    private void message(int startLine, int startColumn) {
        long id = number();
        String name = token();
        expect(':');
        long length = number();
        String transmitter = atLineEnd() ? "Vector__XXX" : token();
        MessageHolder message = new MessageHolder(id, name, (int) length, transmitter);
        if (messages.containsKey(id)) {
            diagnostics.add(new DbcDiagnostic(source, startLine, startColumn, true,
                    "message " + name + " repeats identifier " + id + " of " + messages.get(id).name + "; dropped"));
            message = new MessageHolder(id, name, (int) length, transmitter); // parsed, then discarded
        } else {
            messages.put(id, message);
        }
        while (true) {
            skipSpace(true);
            int signalLine = line;
            int signalColumn = column;
            if (!text.startsWith("SG_", pos) || pos + 3 < text.length() && isTokenChar(text.charAt(pos + 3))) {
                return;
            }
            token();
            try {
                SignalHolder signal = signal(signalLine, signalColumn);
                if (message.signal(signal.name) != null) {
                    throw error(signalLine, signalColumn, "signal " + signal.name + " repeated in " + name);
                }
                checkFits(signal, message, signalLine, signalColumn);
                message.signals.add(signal);
            } catch (SyntaxError e) {
                diagnostics.add(new DbcDiagnostic(source, e.line, e.column, true, e.getMessage()));
                skipLine();
            }
        }
    }

    private SignalHolder signal(int signalLine, int signalColumn) {
        SignalHolder signal = new SignalHolder();
        signal.name = token();
        skipSpace(false);
        if (peekChar() != ':') {
            int muxLine = line;
            int muxColumn = column;
            String mux = token();
            if (mux.equals("M")) {
                signal.multiplexor = true;
            } else if (mux.matches("m\\d+M?")) {
                signal.multiplexor = mux.endsWith("M");
                signal.multiplexValue = Integer.parseInt(mux.substring(1, mux.length() - (signal.multiplexor ? 1 : 0)));
            } else {
                throw error(muxLine, muxColumn, "bad multiplexer indicator '" + mux + "' (M or mN expected)");
            }
        }
        expect(':');
        signal.startBit = (int) number();
        expect('|');
        signal.length = (int) number();
        expect('@');
        skipSpace(false);
        char order = next();
        if (order != '0' && order != '1') {
            throw error(line, column - 1, "byte order '" + order + "' is not 0 (Motorola) or 1 (Intel)");
        }
        signal.byteOrder = order == '1' ? DbcByteOrder.INTEL : DbcByteOrder.MOTOROLA;
        char sign = next();
        if (sign != '+' && sign != '-') {
            throw error(line, column - 1, "sign '" + sign + "' is not + or -");
        }
        signal.signed = sign == '-';
        expect('(');
        signal.factor = decimal();
        expect(',');
        signal.offset = decimal();
        expect(')');
        expect('[');
        signal.minimum = decimal();
        expect('|');
        signal.maximum = decimal();
        expect(']');
        signal.unit = string();
        while (!atLineEnd()) {
            if (!tryChar(',')) {
                signal.receivers.add(token());
            }
        }
        if (signal.length < 1 || signal.length > 64) {
            throw error(signalLine, signalColumn, "signal " + signal.name + ": length " + signal.length
                    + " is not 1-64");
        }
        if (signal.factor == 0) {
            throw error(signalLine, signalColumn, "signal " + signal.name + ": factor 0");
        }
        return signal;
    }

    private void checkFits(SignalHolder signal, MessageHolder message, int signalLine, int signalColumn) {
        int bytes = Math.max(message.length, 8);
        int lastBit;
        if (signal.byteOrder == DbcByteOrder.INTEL) {
            lastBit = signal.startBit + signal.length - 1;
        } else {
            int msbPosition = (signal.startBit / 8) * 8 + (7 - signal.startBit % 8);
            lastBit = msbPosition + signal.length - 1;
        }
        if (lastBit >= bytes * 8) {
            throw error(signalLine, signalColumn, "signal " + signal.name + " ends at bit " + lastBit
                    + ", beyond the " + message.length + " bytes of " + message.name);
        }
    }

    private void comment(int startPos) {
        skipSpace(true);
        if (peekChar() == '"') {
            networkComment = string();
            expect(';');
            return;
        }
        int refLine = line;
        int refColumn = column;
        String kind = token();
        switch (kind) {
        case "BO_" -> {
            MessageHolder message = messageRef(number());
            String comment = string();
            expect(';');
            if (message != null) {
                message.comment = comment;
            }
        }
        case "SG_" -> {
            long id = number();
            String signalName = token();
            String comment = string();
            expect(';');
            SignalHolder signal = signalRef(id, signalName, refLine, refColumn);
            if (signal != null) {
                signal.comment = comment;
            }
        }
        case "BU_", "EV_" -> {
            token();
            string();
            expect(';');
            preserved.add(text.substring(startPos, pos));
        }
        default -> throw error(refLine, refColumn, "CM_ of unknown object '" + kind + "'");
        }
    }

    private void attribute(int startPos) {
        String name = string();
        skipSpace(true);
        if (peekChar() == '"' || Character.isDigit(peekChar()) || peekChar() == '-' || peekChar() == '.') {
            networkAttributes.put(name, valueLiteral());
            expect(';');
            return;
        }
        int refLine = line;
        int refColumn = column;
        String kind = token();
        switch (kind) {
        case "BO_" -> {
            MessageHolder message = messageRef(number());
            String value = valueLiteral();
            expect(';');
            if (message != null) {
                message.attributes.put(name, value);
            }
        }
        case "SG_" -> {
            long id = number();
            String signalName = token();
            String value = valueLiteral();
            expect(';');
            SignalHolder signal = signalRef(id, signalName, refLine, refColumn);
            if (signal != null) {
                signal.attributes.put(name, value);
            }
        }
        case "BU_", "EV_" -> {
            token();
            valueLiteral();
            expect(';');
            preserved.add(text.substring(startPos, pos));
        }
        default -> throw error(refLine, refColumn, "BA_ of unknown object '" + kind + "'");
        }
    }

    private Map<Long, String> valuePairs() {
        Map<Long, String> values = new LinkedHashMap<>();
        while (!tryChar(';')) {
            long value = number();
            values.put(value, string());
        }
        return values;
    }

    private MessageHolder messageRef(long id) {
        MessageHolder message = messages.get(id);
        if (message == null) {
            diagnostics.add(new DbcDiagnostic(source, line, column, false, "no message with identifier " + id));
        }
        return message;
    }

    private SignalHolder signalRef(long id, String signalName, int refLine, int refColumn) {
        MessageHolder message = messages.get(id);
        SignalHolder signal = message == null ? null : message.signal(signalName);
        if (signal == null) {
            diagnostics.add(new DbcDiagnostic(source, refLine, refColumn, false,
                    "no signal " + signalName + " in message " + id));
        }
        return signal;
    }

    private DbcDatabase build() {
        List<DbcMessage> built = new ArrayList<>();
        for (MessageHolder holder : messages.values()) {
            List<DbcSignal> signals = new ArrayList<>();
            for (SignalHolder s : holder.signals) {
                signals.add(new DbcSignal(s.name, s.startBit, s.length, s.byteOrder, s.signed, s.valueType, s.factor,
                        s.offset, s.minimum, s.maximum, s.unit, s.receivers, s.multiplexor, s.multiplexValue, s.values,
                        s.comment, s.attributes));
            }
            built.add(new DbcMessage(holder.id, holder.name, holder.length, holder.transmitters, signals,
                    holder.comment, holder.attributes));
        }
        List<DbcAttributeDefinition> withDefaults = new ArrayList<>();
        for (DbcAttributeDefinition definition : definitions) {
            withDefaults.add(new DbcAttributeDefinition(definition.objectType(), definition.name(),
                    definition.valueType(), defaults.remove(definition.name())));
        }
        // a default without its definition is kept verbatim rather than lost
        defaults.forEach((name, value) -> preserved.add("BA_DEF_DEF_ " + DbcWriter.quote(name) + " " + value + ";"));
        return new DbcDatabase(version, nodes, built, valueTables, withDefaults, networkAttributes, networkComment,
                preserved);
    }

    // ---- lexing

    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(int line, int column, String message) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private SyntaxError error(int atLine, int atColumn, String message) {
        return new SyntaxError(atLine, atColumn, message);
    }

    private boolean eof() {
        return pos >= text.length();
    }

    private char peekChar() {
        return eof() ? '\0' : text.charAt(pos);
    }

    private char next() {
        char c = text.charAt(pos++);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        return c;
    }

    private void skipSpace(boolean newlines) {
        while (!eof()) {
            char c = peekChar();
            if (c == ' ' || c == '\t' || c == '\f' || (newlines && (c == '\r' || c == '\n'))) {
                next();
            } else if (newlines && c == '/' && text.startsWith("//", pos)) {
                skipLine(); // not in the format, but hand-edited files have them
            } else {
                return;
            }
        }
    }

    private boolean atLineEnd() {
        skipSpace(false);
        return eof() || peekChar() == '\n' || peekChar() == '\r';
    }

    private void skipLine() {
        while (!eof() && peekChar() != '\n') {
            next();
        }
    }

    /** Position after the {@code ;} that ends the statement (strings may hold {@code ;}). */
    private int endOfStatement() {
        boolean quoted = false;
        while (!eof()) {
            char c = next();
            if (c == '\\' && quoted && !eof()) {
                next();
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return pos;
            }
        }
        return pos;
    }

    private String rawToSemicolon() {
        int start = pos;
        int end = endOfStatement();
        return text.substring(start, Math.max(start, end - 1));
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+';
    }

    private String token() {
        skipSpace(true);
        int start = pos;
        while (!eof() && isTokenChar(peekChar())) {
            next();
        }
        if (start == pos) {
            throw error(line, column, eof() ? "unexpected end of file" : "unexpected '" + peekChar() + "'");
        }
        return text.substring(start, pos);
    }

    private long number() {
        int atLine = line;
        int atColumn = column;
        String token = token();
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw error(atLine, atColumn, "'" + token + "' is not an integer");
        }
    }

    private double decimal() {
        skipSpace(true);
        int atLine = line;
        int atColumn = column;
        String token = token();
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw error(atLine, atColumn, "'" + token + "' is not a number");
        }
    }

    private String string() {
        skipSpace(true);
        if (peekChar() != '"') {
            throw error(line, column, eof() ? "unexpected end of file, '\"' expected"
                    : "'\"' expected, found '" + peekChar() + "'");
        }
        int atLine = line;
        int atColumn = column;
        next();
        StringBuilder value = new StringBuilder();
        while (true) {
            if (eof()) {
                throw error(atLine, atColumn, "string not closed");
            }
            char c = next();
            if (c == '\\' && !eof() && (peekChar() == '"' || peekChar() == '\\')) {
                value.append(next());
            } else if (c == '"') {
                return value.toString();
            } else {
                value.append(c);
            }
        }
    }

    private String valueLiteral() {
        skipSpace(true);
        if (peekChar() == '"') {
            return DbcWriter.quote(string());
        }
        return token();
    }

    private void expect(char expected) {
        skipSpace(true);
        if (peekChar() != expected) {
            throw error(line, column, eof() ? "unexpected end of file, '" + expected + "' expected"
                    : "'" + expected + "' expected, found '" + peekChar() + "'");
        }
        next();
    }

    private boolean tryChar(char expected) {
        skipSpace(true);
        if (eof()) {
            throw error(line, column, "unexpected end of file, '" + expected + "' expected");
        }
        if (peekChar() == expected) {
            next();
            return true;
        }
        return false;
    }

    private static final class MessageHolder {
        final long id;
        final String name;
        final int length;
        final List<String> transmitters = new ArrayList<>();
        final List<SignalHolder> signals = new ArrayList<>();
        final Map<String, String> attributes = new LinkedHashMap<>();
        String comment;

        MessageHolder(long id, String name, int length, String transmitter) {
            this.id = id;
            this.name = name;
            this.length = length;
            transmitters.add(transmitter);
        }

        SignalHolder signal(String signalName) {
            for (SignalHolder signal : signals) {
                if (signal.name.equals(signalName)) {
                    return signal;
                }
            }
            return null;
        }
    }

    private static final class SignalHolder {
        String name;
        int startBit;
        int length;
        DbcByteOrder byteOrder;
        boolean signed;
        DbcValueType valueType = DbcValueType.INTEGER;
        double factor;
        double offset;
        double minimum;
        double maximum;
        String unit;
        final List<String> receivers = new ArrayList<>();
        boolean multiplexor;
        int multiplexValue = -1;
        final Map<Long, String> values = new LinkedHashMap<>();
        String comment;
        final Map<String, String> attributes = new LinkedHashMap<>();
    }
}
