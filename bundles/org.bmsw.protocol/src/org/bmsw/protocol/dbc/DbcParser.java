package org.bmsw.protocol.dbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads DBC text as real-world files write it, not only the project's own: {@code VERSION}, the {@code NS_} block,
 * {@code BS_}, {@code BU_}, {@code VAL_TABLE_}, {@code BO_}/{@code SG_} (Intel and Motorola, signed, CAN FD lengths
 * up to 64 bytes, multiplexed {@code M}/{@code mN}/{@code mNM}), {@code SG_MUL_VAL_} (extended multiplexing:
 * value ranges, cascaded multiplexors), {@code BO_TX_BU_}, {@code CM_} (strings may span lines), {@code BA_DEF_},
 * {@code BA_DEF_DEF_}, {@code BA_} (the long-name attributes {@code SystemSignalLongSymbol},
 * {@code SystemMessageLongSymbol} and {@code SystemNodeLongSymbol} become the names), {@code VAL_} (64-bit unsigned
 * values too), {@code SIG_VALTYPE_}, identifiers with bit 31 for 29-bit frames. Sections the model does not
 * interpret ({@code EV_}, {@code SIG_GROUP_}, node comments, ...) are kept verbatim for the writer; unknown sections
 * are skipped with a warning.
 * <p>
 * {@link #parse} never throws on bad input: every problem becomes a {@link DbcDiagnostic}
 * ({@code file:line:column: reason}); a broken statement is dropped and reading goes on at the next line that
 * starts with a statement keyword (a broken {@code SG_} line: at the next line), so everything before the damage and
 * every later statement that is whole still loads. Nothing is allocated from a number in the file.
 */
public final class DbcParser {

    /** Statements kept verbatim (to the {@code ;}) because the model does not interpret them. */
    private static final Set<String> PRESERVED = Set.of("EV_", "ENVVAR_DATA_", "SGTYPE_", "SGTYPE_VAL_",
            "SIG_GROUP_", "SIG_TYPE_REF_", "BA_DEF_REL_", "BA_REL_", "BA_DEF_DEF_REL_", "BA_DEF_SGTYPE_",
            "BA_SGTYPE_", "SIGTYPE_VALTYPE_", "CAT_DEF_", "CAT_", "FILTER", "BU_SG_REL_", "BU_EV_REL_", "BU_BO_REL_",
            "EV_DATA_", "NS_DESC_");

    /** Every statement keyword: where reading resumes after a broken statement. */
    private static final Set<String> KEYWORDS;

    static {
        Set<String> keywords = new HashSet<>(PRESERVED);
        keywords.addAll(List.of("VERSION", "NS_", "BS_", "BU_", "VAL_TABLE_", "BO_", "BO_TX_BU_", "CM_", "BA_DEF_",
                "BA_DEF_DEF_", "BA_", "VAL_", "SIG_VALTYPE_", "SG_MUL_VAL_"));
        KEYWORDS = Set.copyOf(keywords);
    }

    /** The attributes Vector tools write for names longer than the 32 characters a DBC name may have. */
    public static final String LONG_SIGNAL_NAME = "SystemSignalLongSymbol";
    public static final String LONG_MESSAGE_NAME = "SystemMessageLongSymbol";
    public static final String LONG_NODE_NAME = "SystemNodeLongSymbol";
    private static final Set<String> LONG_NAMES = Set.of(LONG_SIGNAL_NAME, LONG_MESSAGE_NAME, LONG_NODE_NAME);

    /** Larger files are refused by {@link #read} rather than read into memory (real DBCs are a few MB at most). */
    public static final long MAX_FILE_BYTES = 64L << 20;

    /** The result: the database read and every problem met, in file order. */
    public record Result(DbcDatabase database, List<DbcDiagnostic> diagnostics) {

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(DbcDiagnostic::error);
        }

        /** The diagnostics that dropped a statement (not the warnings). */
        public List<DbcDiagnostic> errors() {
            return diagnostics.stream().filter(DbcDiagnostic::error).toList();
        }
    }

    private final String source;
    private final String text;
    private final int lastQuote;
    private int pos;
    private int line = 1;
    private int column = 1;
    private final List<DbcDiagnostic> diagnostics = new ArrayList<>();

    private String version = "";
    private final List<String> nodes = new ArrayList<>();
    private final Map<String, String> nodeLongNames = new LinkedHashMap<>();
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
        this.lastQuote = text.lastIndexOf('"');
    }

    /** Reads {@code text}; {@code source} names it in diagnostics (a file name). Never throws on bad input. */
    public static Result parse(String source, String text) {
        DbcParser parser = new DbcParser(source, text.startsWith("\uFEFF") ? text.substring(1) : text);
        parser.run();
        DbcDatabase database = parser.build();
        return new Result(database, List.copyOf(parser.diagnostics));
    }

    /**
     * Reads a DBC file: UTF-8 when it decodes as such, else windows-1252 (what CANdb++ writes); the file name is
     * the diagnostics' source. A file over {@link #MAX_FILE_BYTES} is not read: an empty database and one error.
     *
     * @throws IOException when the file cannot be read at all
     */
    public static Result read(Path file) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            return new Result(DbcDatabase.of(List.of()), List.of(new DbcDiagnostic(name, 1, 1, true,
                    "file of " + size + " bytes is larger than " + MAX_FILE_BYTES + "; not read")));
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, Charset.forName("windows-1252"));
        }
        return parse(name, text);
    }

    /**
     * Every diagnostic of a DBC file, errors and warnings, in file order: what {@code bmsw dbc check FILE} lists
     * (it fails when {@link DbcDiagnostic#error()} is true for any).
     */
    public static List<DbcDiagnostic> check(Path file) throws IOException {
        return read(file).diagnostics();
    }

    /**
     * Reads {@code text} and throws, naming every {@code file:line:column}, when a statement had to be dropped.
     *
     * @throws DbcParseException carrying the errors (the warnings do not make it throw)
     */
    public static DbcDatabase parseStrict(String source, String text) {
        Result result = parse(source, text);
        if (result.hasErrors()) {
            throw new DbcParseException(result.errors());
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
            try {
                String keyword = peekChar() == '"' ? "" : token();
                statement(keyword, startPos, startLine, startColumn);
            } catch (SyntaxError e) {
                diagnostics.add(new DbcDiagnostic(source, e.line, e.column, true, e.getMessage()));
                resync(startPos, startLine, startColumn);
            } catch (RuntimeException e) {
                // a mistake of this reader must not cost the caller the whole file
                diagnostics.add(new DbcDiagnostic(source, startLine, startColumn, true,
                        "statement not read (" + e + ")"));
                resync(startPos, startLine, startColumn);
            }
        }
    }

    /** Goes back to a broken statement's start and on to the next line that starts with a statement keyword. */
    private void resync(int startPos, int startLine, int startColumn) {
        pos = startPos;
        line = startLine;
        column = startColumn;
        skipLine();
        skipToKeywordLine();
    }

    private void skipToKeywordLine() {
        while (!eof()) {
            next(); // the '\n'
            if (keywordAt(pos)) {
                return;
            }
            skipLine();
        }
    }

    /** True when a statement keyword (followed by a non-name character) starts at {@code at}. */
    private boolean keywordAt(int at) {
        int end = at;
        while (end < text.length() && isTokenChar(text.charAt(end))) {
            end++;
        }
        return end > at && KEYWORDS.contains(text.substring(at, end));
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
            MessageHolder message = messageRef(identifier());
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
            if (!LONG_NAMES.contains(name)) { // implied by the names: the writer defines them where it needs them
                definitions.add(new DbcAttributeDefinition(objectType, name, type, null));
            }
        }
        case "BA_DEF_DEF_" -> {
            String name = string();
            String value = valueLiteral();
            expect(';');
            if (!LONG_NAMES.contains(name)) {
                defaults.put(name, value);
            }
        }
        case "BA_" -> attribute(startPos);
        case "VAL_" -> {
            skipSpace(true);
            if (!Character.isDigit(peekChar())) {
                preserved.add(text.substring(startPos, endOfStatement()));
                return;
            }
            long id = identifier();
            String signalName = token();
            Map<Long, String> values = valuePairs();
            SignalHolder signal = signalRef(id, signalName, startLine, startColumn);
            if (signal != null) {
                signal.values.putAll(values);
            }
        }
        case "SIG_VALTYPE_" -> {
            long id = identifier();
            String signalName = token();
            tryChar(':');
            skipSpace(true);
            int typeLine = line;
            int typeColumn = column;
            long type = number();
            expect(';');
            if (type < 0 || type > 2) {
                throw error(typeLine, typeColumn, "value type " + type + " is not 0 (integer), 1 (float) or 2 "
                        + "(double)");
            }
            SignalHolder signal = signalRef(id, signalName, startLine, startColumn);
            if (signal != null) {
                DbcValueType valueType = type == 1 ? DbcValueType.FLOAT32 : type == 2 ? DbcValueType.FLOAT64
                        : DbcValueType.INTEGER;
                int needed = valueType == DbcValueType.FLOAT32 ? 32 : 64;
                if (valueType != DbcValueType.INTEGER && signal.length != needed) {
                    throw error(typeLine, typeColumn, "signal " + signalName + " has " + signal.length
                            + " bits; value type " + type + " needs " + needed);
                }
                signal.valueType = valueType;
            }
        }
        case "SG_MUL_VAL_" -> multiplexValues(startLine, startColumn);
        default -> {
            if (PRESERVED.contains(keyword)) {
                preserved.add(text.substring(startPos, endOfStatement()));
            } else {
                diagnostics.add(new DbcDiagnostic(source, startLine, startColumn, false,
                        "unknown section '" + keyword + "' skipped"));
                resync(startPos, startLine, startColumn);
            }
        }
        }
    }

    private void message(int startLine, int startColumn) {
        int idLine = line;
        int idColumn = column;
        long id = identifier();
        skipSpace(true);
        int nameLine = line;
        int nameColumn = column;
        String name = token();
        expect(':');
        skipSpace(true);
        int lengthLine = line;
        int lengthColumn = column;
        long length = number();
        String transmitter = atLineEnd() ? DbcMessage.NO_NODE : token();
        if (length < 0 || length > DbcMessage.MAX_LENGTH) {
            throw error(lengthLine, lengthColumn, "message " + name + ": length " + length + " is not 0-64");
        }
        if (length > 8 && DbcMessage.lengthOfDlc(DbcMessage.dlcOf((int) length)) != length) {
            diagnostics.add(new DbcDiagnostic(source, lengthLine, lengthColumn, false, "message " + name
                    + ": length " + length + " is no CAN FD length (12, 16, 20, 24, 32, 48 or 64)"));
        }
        MessageHolder message = new MessageHolder(id, name, (int) length, transmitter);
        if (messages.containsKey(id)) {
            diagnostics.add(new DbcDiagnostic(source, idLine, idColumn, true,
                    "message " + name + " repeats identifier " + id + " of " + messages.get(id).name + "; dropped"));
            // its signals are read below and discarded with it
        } else if (messages.values().stream().anyMatch(m -> m.name.equals(name))) {
            diagnostics.add(new DbcDiagnostic(source, nameLine, nameColumn, false,
                    "message name " + name + " is used twice"));
            messages.put(id, message);
        } else {
            messages.put(id, message);
        }
        boolean afterError = false;
        while (true) {
            skipSpace(true);
            if (!text.startsWith("SG_", pos) || pos + 3 < text.length() && isTokenChar(text.charAt(pos + 3))) {
                boolean statement = column == 1 && (Character.isLetter(peekChar()) || peekChar() == '_');
                if (afterError && !eof() && !statement) {
                    skipLine(); // the rest of a signal broken across lines: the next signal may follow
                    continue;
                }
                return;
            }
            int signalPos = pos;
            int signalLine = line;
            int signalColumn = column;
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
                afterError = true;
                pos = signalPos; // the next line may be the next signal: a broken string must not swallow it
                line = signalLine;
                column = signalColumn;
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
            } else if (mux.length() >= 2 && mux.charAt(0) == 'm') {
                signal.multiplexor = mux.endsWith("M");
                String digits = mux.substring(1, mux.length() - (signal.multiplexor ? 1 : 0));
                if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw error(muxLine, muxColumn, "bad multiplexer indicator '" + mux + "' (M, mN or mNM "
                            + "expected)");
                }
                if (digits.length() > 9) {
                    throw error(muxLine, muxColumn, "multiplexer value in '" + mux + "' is out of range");
                }
                signal.multiplexValue = Integer.parseInt(digits);
            } else {
                throw error(muxLine, muxColumn, "bad multiplexer indicator '" + mux + "' (M, mN or mNM expected)");
            }
        }
        expect(':');
        skipSpace(true);
        int startLine = line;
        int startColumn = column;
        long start = number();
        if (start < 0 || start >= DbcSignal.MAX_BITS) {
            throw error(startLine, startColumn, "signal " + signal.name + ": start bit " + start + " is not 0-"
                    + (DbcSignal.MAX_BITS - 1));
        }
        signal.startBit = (int) start;
        expect('|');
        skipSpace(true);
        int lengthLine = line;
        int lengthColumn = column;
        long length = number();
        if (length < 1 || length > 64) {
            throw error(lengthLine, lengthColumn, "signal " + signal.name + ": length " + length + " is not 1-64");
        }
        signal.length = (int) length;
        expect('@');
        skipSpace(false);
        char order = nextChar("byte order 0 or 1");
        if (order != '0' && order != '1') {
            throw error(line, column, "byte order " + shown(order) + " is not 0 (Motorola) or 1 (Intel)");
        }
        next();
        signal.byteOrder = order == '1' ? DbcByteOrder.INTEL : DbcByteOrder.MOTOROLA;
        char sign = nextChar("sign + or -");
        if (sign != '+' && sign != '-') {
            throw error(line, column, "sign " + shown(sign) + " is not + or -");
        }
        next();
        signal.signed = sign == '-';
        expect('(');
        skipSpace(true);
        int factorLine = line;
        int factorColumn = column;
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
        if (signal.factor == 0) {
            throw error(factorLine, factorColumn, "signal " + signal.name + ": factor 0");
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

    /** {@code SG_MUL_VAL_ <id> <signal> <multiplexor> <low>-<high>, ... ;} */
    private void multiplexValues(int startLine, int startColumn) {
        long id = identifier();
        String signalName = token();
        String multiplexor = token();
        List<DbcMultiplexRange> ranges = new ArrayList<>();
        do {
            skipSpace(true);
            int rangeLine = line;
            int rangeColumn = column;
            long low = unsignedDigits();
            skipSpace(true);
            expect('-');
            skipSpace(true);
            long high = unsignedDigits();
            if (Long.compareUnsigned(low, high) > 0) {
                throw error(rangeLine, rangeColumn, "range " + Long.toUnsignedString(low) + "-"
                        + Long.toUnsignedString(high) + " is empty");
            }
            ranges.add(new DbcMultiplexRange(low, high));
        } while (tryChar(','));
        expect(';');
        SignalHolder signal = signalRef(id, signalName, startLine, startColumn);
        if (signal == null) {
            return;
        }
        if (signal.multiplexorName != null && !signal.multiplexorName.equals(multiplexor)) {
            diagnostics.add(new DbcDiagnostic(source, startLine, startColumn, false, "signal " + signalName
                    + " is already switched by " + signal.multiplexorName + "; " + multiplexor + " ignored"));
            return;
        }
        signal.multiplexorName = multiplexor;
        signal.multiplexRanges.addAll(ranges);
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
            MessageHolder message = messageRef(identifier());
            String comment = string();
            expect(';');
            if (message != null) {
                message.comment = comment;
            }
        }
        case "SG_" -> {
            long id = identifier();
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
            MessageHolder message = messageRef(identifier());
            String value = valueLiteral();
            expect(';');
            if (message != null) {
                if (name.equals(LONG_MESSAGE_NAME)) {
                    message.longName = longName(value, refLine, refColumn);
                } else {
                    message.attributes.put(name, value);
                }
            }
        }
        case "SG_" -> {
            long id = identifier();
            String signalName = token();
            String value = valueLiteral();
            expect(';');
            SignalHolder signal = signalRef(id, signalName, refLine, refColumn);
            if (signal != null) {
                if (name.equals(LONG_SIGNAL_NAME)) {
                    signal.longName = longName(value, refLine, refColumn);
                    signal.longNameLine = refLine;
                    signal.longNameColumn = refColumn;
                } else {
                    signal.attributes.put(name, value);
                }
            }
        }
        case "BU_", "EV_" -> {
            String object = token();
            String value = valueLiteral();
            expect(';');
            if (kind.equals("BU_") && name.equals(LONG_NODE_NAME)) {
                String longName = longName(value, refLine, refColumn);
                if (longName != null) {
                    nodeLongNames.put(object, longName);
                }
            } else {
                preserved.add(text.substring(startPos, pos));
            }
        }
        default -> throw error(refLine, refColumn, "BA_ of unknown object '" + kind + "'");
        }
    }

    /** The text of a long-name attribute's value; null (the short name stays) when it is empty. */
    private String longName(String literal, int atLine, int atColumn) {
        if (!literal.startsWith("\"")) {
            throw error(atLine, atColumn, "a long name is a string, not " + literal);
        }
        String name = DbcDatabase.unquote(literal);
        return name.isEmpty() ? null : name;
    }

    private Map<Long, String> valuePairs() {
        Map<Long, String> values = new LinkedHashMap<>();
        while (!tryChar(';')) {
            long value = integer64();
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
            // a long name may not make two signals of a message one: it must clash with no name there
            Set<String> taken = new HashSet<>();
            holder.signals.forEach(s -> taken.add(s.name));
            for (SignalHolder s : holder.signals) {
                if (s.longName != null && !s.longName.equals(s.name) && !taken.add(s.longName)) {
                    diagnostics.add(new DbcDiagnostic(source, s.longNameLine, s.longNameColumn, false, "long name "
                            + s.longName + " of " + s.name + " is another signal's name in " + holder.name
                            + "; not applied"));
                    s.longName = null;
                }
            }
            List<DbcSignal> signals = new ArrayList<>();
            for (SignalHolder s : holder.signals) {
                String multiplexorName = s.multiplexorName;
                SignalHolder multiplexor = multiplexorName == null ? null : holder.signal(multiplexorName);
                if (multiplexor != null && multiplexor.longName != null) {
                    multiplexorName = multiplexor.longName;
                }
                try {
                    signals.add(new DbcSignal(s.longName != null ? s.longName : s.name, s.startBit, s.length,
                            s.byteOrder, s.signed, s.valueType, s.factor, s.offset, s.minimum, s.maximum, s.unit,
                            nodeNames(s.receivers), s.multiplexor, s.multiplexValue, multiplexorName,
                            s.multiplexRanges, s.values, s.comment, s.attributes));
                } catch (IllegalArgumentException e) { // checked while reading; kept as a guard
                    diagnostics.add(new DbcDiagnostic(source, 1, 1, true, e.getMessage()));
                }
            }
            built.add(new DbcMessage(holder.id, holder.longName != null ? holder.longName : holder.name,
                    holder.length, nodeNames(holder.transmitters), signals, holder.comment, holder.attributes));
        }
        List<DbcAttributeDefinition> withDefaults = new ArrayList<>();
        for (DbcAttributeDefinition definition : definitions) {
            withDefaults.add(new DbcAttributeDefinition(definition.objectType(), definition.name(),
                    definition.valueType(), defaults.remove(definition.name())));
        }
        // a default without its definition is kept verbatim rather than lost
        defaults.forEach((name, value) -> preserved.add("BA_DEF_DEF_ " + DbcWriter.quote(name) + " " + value + ";"));
        return new DbcDatabase(version, nodeNames(nodes), built, valueTables, withDefaults, networkAttributes,
                networkComment, preserved);
    }

    private List<String> nodeNames(List<String> shortNames) {
        if (nodeLongNames.isEmpty()) {
            return shortNames;
        }
        return shortNames.stream().map(n -> nodeLongNames.getOrDefault(n, n)).toList();
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

    /** The next character, not consumed; at the end of the file an error saying what was {@code expected}. */
    private char nextChar(String expected) {
        if (eof()) {
            throw error(line, column, "unexpected end of file, " + expected + " expected");
        }
        return peekChar();
    }

    private static String shown(char c) {
        return c == '\n' || c == '\r' ? "(end of line)" : "'" + c + "'";
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

    /**
     * Position after the {@code ;} that ends the statement (strings may hold {@code ;}). A line that starts with a
     * statement keyword outside a string ends the search: that statement is not swallowed.
     */
    private int endOfStatement() {
        int atLine = line;
        int atColumn = column;
        boolean quoted = false;
        while (!eof()) {
            char c = next();
            if (c == '\\' && quoted && !eof()) {
                next();
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return pos;
            } else if (c == '\n' && !quoted && keywordAt(pos)) {
                break;
            }
        }
        throw error(atLine, atColumn, "statement not ended by ';'");
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
        skipSpace(true);
        int atLine = line;
        int atColumn = column;
        String token = token();
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw error(atLine, atColumn, "'" + token + "' is not an integer");
        }
    }

    /** A message identifier as DBC files write it: 0 to 2^32 - 1 (bit 31 marks a 29-bit frame). */
    private long identifier() {
        skipSpace(true);
        int atLine = line;
        int atColumn = column;
        long id = number();
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw error(atLine, atColumn, "identifier " + id + " is not 0-4294967295");
        }
        return id;
    }

    /** A 64-bit value: signed, or unsigned up to 2^64 - 1 (kept as its bits, as a u64 signal's raw value is). */
    private long integer64() {
        skipSpace(true);
        int atLine = line;
        int atColumn = column;
        String token = token();
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            try {
                if (!token.startsWith("-") && !token.startsWith("+")) {
                    return Long.parseUnsignedLong(token);
                }
            } catch (NumberFormatException e2) {
                // reported below
            }
            throw error(atLine, atColumn, "'" + token + "' is not a 64-bit integer");
        }
    }

    /** Decimal digits only (no sign), up to 2^64 - 1: the bounds of an {@code SG_MUL_VAL_} range. */
    private long unsignedDigits() {
        int atLine = line;
        int atColumn = column;
        int start = pos;
        while (!eof() && peekChar() >= '0' && peekChar() <= '9') {
            next();
        }
        if (start == pos) {
            throw error(atLine, atColumn, eof() ? "unexpected end of file, a number expected"
                    : "number expected, found '" + peekChar() + "'");
        }
        try {
            return Long.parseUnsignedLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error(atLine, atColumn, "'" + text.substring(start, pos) + "' is beyond 64 bits");
        }
    }

    private double decimal() {
        skipSpace(true);
        int atLine = line;
        int atColumn = column;
        String token = token();
        double value;
        try {
            value = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw error(atLine, atColumn, "'" + token + "' is not a number");
        }
        if (!Double.isFinite(value) || !Character.isDigit(token.charAt(token.length() - 1))
                && token.charAt(token.length() - 1) != '.') {
            throw error(atLine, atColumn, "'" + token + "' is not a decimal number");
        }
        return value;
    }

    private String string() {
        skipSpace(true);
        if (peekChar() != '"') {
            throw error(line, column, eof() ? "unexpected end of file, '\"' expected"
                    : "'\"' expected, found '" + peekChar() + "'");
        }
        int atLine = line;
        int atColumn = column;
        if (pos == lastQuote) { // no quote follows: do not scan the rest of the file for one
            throw error(atLine, atColumn, "string not closed");
        }
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
        if (peekChar() != expected || eof()) {
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
        String longName;

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
        String longName;
        int longNameLine;
        int longNameColumn;
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
        String multiplexorName;
        final List<DbcMultiplexRange> multiplexRanges = new ArrayList<>();
        final Map<Long, String> values = new LinkedHashMap<>();
        String comment;
        final Map<String, String> attributes = new LinkedHashMap<>();
    }
}
