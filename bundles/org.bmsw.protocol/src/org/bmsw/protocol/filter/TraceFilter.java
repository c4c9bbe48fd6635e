package org.bmsw.protocol.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;

/**
 * A Wireshark-like display filter over trace rows, parsed once and evaluated per row without allocating.
 *
 * <pre>
 * id == 0x351                         the frame's identifier (hex or decimal)
 * message == Limits                   a decoded message's name (case-insensitive); message contains Alarm
 * soc_pct &lt; 20                        a decoded signal's value; a row without the signal never matches
 * protection_high_voltage == raised   a signal's value description or text
 * alarm                               a decoded message carries an active protection or warning
 * channel == can0, len &gt; 6, current_A  (a bare signal name: the row has it)
 * a &amp;&amp; b, a || b, !a, (a), and / or / not
 * </pre>
 *
 * Comparison operators: {@code == != < <= > >= contains} ({@code =} is {@code ==}). {@code message != X} is
 * {@code !(message == X)}; {@code signal != v} needs the signal to be there. Only {@link #needsDecoding()}
 * filters need the rows' decoded messages.
 */
public final class TraceFilter {

    /** One node of the parsed expression. */
    private interface Node {
        boolean test(FilterRow row);
    }

    private enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), CONTAINS("contains");

        final String text;

        Op(String text) {
            this.text = text;
        }

        boolean compare(double left, double right) {
            return switch (this) {
            case EQ -> same(left, right);
            case NE -> !same(left, right);
            case LT -> left < right && !same(left, right);
            case LE -> left <= right || same(left, right);
            case GT -> left > right && !same(left, right);
            case GE -> left >= right || same(left, right);
            case CONTAINS -> false;
            };
        }

        /** Equal up to the rounding of a scaled value: 584 x 0.1 is 58.400000000000006, and the user typed 58.4. */
        private static boolean same(double left, double right) {
            return left == right || Math.abs(left - right) <= 1e-9 * Math.max(1, Math.abs(right));
        }
    }

    private final String text;
    private final Node root;
    private final boolean needsDecoding;

    private TraceFilter(String text, Node root, boolean needsDecoding) {
        this.text = text;
        this.root = root;
        this.needsDecoding = needsDecoding;
    }

    /**
     * Parses {@code expression}.
     *
     * @throws FilterSyntaxException naming the column and what was expected there
     */
    public static TraceFilter parse(String expression) {
        Parser parser = new Parser(expression);
        Node root = parser.parseOr();
        if (parser.peek().kind != Kind.END) {
            throw parser.error(parser.peek(), "unexpected '" + parser.peek().text + "' (missing && or ||?)");
        }
        return new TraceFilter(expression.trim(), root, parser.decodes);
    }

    /** True when {@code row} matches. */
    public boolean test(FilterRow row) {
        return root.test(row);
    }

    /** True when the filter looks at decoded messages (message, signals, alarm), false for frame fields only. */
    public boolean needsDecoding() {
        return needsDecoding;
    }

    /** The expression as given (trimmed). */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    /** True when one of the message's signals is a protection or warning that is active (raised). */
    public static boolean hasActiveAlarm(DecodedMessage message) {
        for (DecodedSignal signal : message.signals()) {
            if (isActiveAlarm(signal)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for a {@code protection_*} or {@code warning_*} signal that says the alarm is on: value 1 for a flag bit,
     * "raised" for an SMA-style pair.
     */
    public static boolean isActiveAlarm(DecodedSignal signal) {
        String name = signal.name();
        if (!signal.valid() || !(name.startsWith("protection_") || name.startsWith("warning_"))) {
            return false;
        }
        if (signal.description() != null) {
            return signal.description().equals("raised");
        }
        return !Double.isNaN(signal.value()) && signal.value() != 0;
    }

    // --- parsing

    private enum Kind {
        WORD, NUMBER, STRING, OP, AND, OR, NOT, OPEN, CLOSE, END
    }

    private record Token(Kind kind, String text, int column, double number) {
    }

    private static final class Parser {

        private final List<Token> tokens = new ArrayList<>();
        private int next;
        boolean decodes;

        Parser(String text) {
            tokenize(text);
        }

        private void tokenize(String s) {
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                int column = i + 1;
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')') {
                    tokens.add(new Token(c == '(' ? Kind.OPEN : Kind.CLOSE, String.valueOf(c), column, 0));
                    i++;
                } else if (s.startsWith("&&", i) || s.startsWith("||", i)) {
                    tokens.add(new Token(c == '&' ? Kind.AND : Kind.OR, s.substring(i, i + 2), column, 0));
                    i += 2;
                } else if (s.startsWith("==", i) || s.startsWith("!=", i) || s.startsWith("<=", i)
                        || s.startsWith(">=", i)) {
                    tokens.add(new Token(Kind.OP, s.substring(i, i + 2), column, 0));
                    i += 2;
                } else if (c == '<' || c == '>' || c == '=') {
                    tokens.add(new Token(Kind.OP, c == '=' ? "==" : String.valueOf(c), column, 0));
                    i++;
                } else if (c == '!') {
                    tokens.add(new Token(Kind.NOT, "!", column, 0));
                    i++;
                } else if (c == '"' || c == '\'') {
                    int end = s.indexOf(c, i + 1);
                    if (end < 0) {
                        throw new FilterSyntaxException(column, "the quote " + c + " is not closed");
                    }
                    tokens.add(new Token(Kind.STRING, s.substring(i + 1, end), column, 0));
                    i = end + 1;
                } else if (Character.isDigit(c) || (c == '-' || c == '.') && i + 1 < s.length()
                        && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.')) {
                    int end = i + 1;
                    while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                        end++;
                    }
                    String number = s.substring(i, end);
                    tokens.add(new Token(Kind.NUMBER, number, column, parseNumber(number, column)));
                    i = end;
                } else if (Character.isLetter(c) || c == '_') {
                    int end = i + 1;
                    while (end < s.length()
                            && (Character.isLetterOrDigit(s.charAt(end)) || "_.-".indexOf(s.charAt(end)) >= 0)) {
                        end++;
                    }
                    String word = s.substring(i, end);
                    Kind kind = switch (word.toLowerCase(Locale.ROOT)) {
                    case "and" -> Kind.AND;
                    case "or" -> Kind.OR;
                    case "not" -> Kind.NOT;
                    case "contains" -> Kind.OP;
                    default -> Kind.WORD;
                    };
                    tokens.add(new Token(kind, kind == Kind.OP ? "contains" : word, column, 0));
                    i = end;
                } else {
                    throw new FilterSyntaxException(column, "unexpected character '" + c + "'");
                }
            }
            tokens.add(new Token(Kind.END, "end of the filter", s.length() + 1, 0));
        }

        private static double parseNumber(String number, int column) {
            try {
                String lower = number.toLowerCase(Locale.ROOT);
                boolean negative = lower.startsWith("-");
                String digits = negative ? lower.substring(1) : lower;
                double value = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16)
                        : Double.parseDouble(digits);
                return negative ? -value : value;
            } catch (NumberFormatException e) {
                throw new FilterSyntaxException(column, "'" + number + "' is not a number (decimal, or hex as 0x351)");
            }
        }

        Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            return tokens.get(next++);
        }

        FilterSyntaxException error(Token at, String reason) {
            return new FilterSyntaxException(at.column, reason);
        }

        Node parseOr() {
            Node left = parseAnd();
            while (peek().kind == Kind.OR) {
                take();
                Node a = left;
                Node b = parseAnd();
                left = row -> a.test(row) || b.test(row);
            }
            return left;
        }

        private Node parseAnd() {
            Node left = parseUnary();
            while (peek().kind == Kind.AND) {
                take();
                Node a = left;
                Node b = parseUnary();
                left = row -> a.test(row) && b.test(row);
            }
            return left;
        }

        private Node parseUnary() {
            Token token = take();
            switch (token.kind) {
            case NOT:
                Node inner = parseUnary();
                return row -> !inner.test(row);
            case OPEN:
                Node group = parseOr();
                if (peek().kind != Kind.CLOSE) {
                    throw error(peek(), "expected ')' to close the '(' at column " + token.column + ", found '"
                            + peek().text + "'");
                }
                take();
                return group;
            case WORD:
                return parseField(token);
            case END:
                throw error(token, "expected a condition such as id == 0x351, message == Limits or soc_pct < 20");
            default:
                throw error(token, "expected a field name (id, message, channel, len, alarm or a signal), found '"
                        + token.text + "'");
            }
        }

        private Node parseField(Token field) {
            String name = field.text;
            String lower = name.toLowerCase(Locale.ROOT);
            if (peek().kind != Kind.OP) {
                return bare(field, lower);
            }
            Token opToken = take();
            Op op = op(opToken.text);
            Token value = take();
            if (value.kind != Kind.NUMBER && value.kind != Kind.WORD && value.kind != Kind.STRING) {
                throw error(value, "expected a value after '" + opToken.text + "', found '" + value.text + "'");
            }
            switch (lower) {
            case "id":
                return idNode(field, op, value);
            case "len", "dlc":
                double length = number(field, value);
                checkNumeric(op, opToken);
                return row -> op.compare(row.length(), length);
            case "channel":
                String channel = value.text;
                return row -> textCompare(row.channel(), op, channel);
            case "message", "msg":
                decodes = true;
                String message = value.text;
                if (op != Op.EQ && op != Op.NE && op != Op.CONTAINS) {
                    throw error(opToken, "message takes ==, != or contains, not " + opToken.text);
                }
                Node any = row -> {
                    for (DecodedMessage decoded : row.messages()) {
                        if (textCompare(decoded.message(), op == Op.NE ? Op.EQ : op, message)) {
                            return true;
                        }
                    }
                    return false;
                };
                return op == Op.NE ? row -> !any.test(row) : any;
            default:
                decodes = true;
                return signalNode(name, op, opToken, value);
            }
        }

        private Node bare(Token field, String lower) {
            switch (lower) {
            case "alarm":
                decodes = true;
                return row -> {
                    for (DecodedMessage message : row.messages()) {
                        if (hasActiveAlarm(message)) {
                            return true;
                        }
                    }
                    return false;
                };
            case "id", "len", "dlc", "channel", "message", "msg":
                throw error(peek(), "expected an operator (== != < <= > >= contains) after '" + field.text + "'");
            default:
                decodes = true;
                String name = field.text;
                return row -> {
                    for (DecodedMessage message : row.messages()) {
                        if (message.signal(name) != null) {
                            return true;
                        }
                    }
                    return false;
                };
            }
        }

        private Node idNode(Token field, Op op, Token value) {
            double id = number(field, value);
            if (op == Op.CONTAINS) {
                throw error(value, "id takes == != < <= > >=, not contains");
            }
            return row -> {
                if (op.compare(row.identifier(), id)) {
                    return true;
                }
                // serial protocols: the command (0x42) or Modbus function of the decoded message
                for (DecodedMessage message : row.messages()) {
                    String shown = message.id();
                    if (shown.startsWith("0x") && shown.length() > 2 && shown.length() <= 10) {
                        try {
                            long messageId = Long.parseLong(shown.substring(2), 16);
                            if (messageId != row.identifier() && op.compare(messageId, id)) {
                                return true;
                            }
                        } catch (NumberFormatException e) {
                            // not a number: not comparable
                        }
                    }
                }
                return false;
            };
        }

        private Node signalNode(String name, Op op, Token opToken, Token value) {
            if (value.kind == Kind.NUMBER && op != Op.CONTAINS) {
                double wanted = value.number;
                return row -> {
                    for (DecodedMessage message : row.messages()) {
                        DecodedSignal signal = message.signal(name);
                        if (signal != null && signal.valid() && !signal.isText() && op.compare(signal.value(), wanted)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            if (op != Op.EQ && op != Op.NE && op != Op.CONTAINS) {
                throw error(opToken, "'" + opToken.text + "' needs a number, not '" + value.text + "'");
            }
            String wanted = value.text;
            return row -> {
                for (DecodedMessage message : row.messages()) {
                    DecodedSignal signal = message.signal(name);
                    if (signal == null) {
                        continue;
                    }
                    String shown = signal.isText() ? signal.text()
                            : signal.description() != null ? signal.description() : format(signal.value());
                    if (textCompare(shown, op, wanted)) {
                        return true;
                    }
                }
                return false;
            };
        }

        private static String format(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value);
        }

        private double number(Token field, Token value) {
            if (value.kind != Kind.NUMBER) {
                throw error(value, field.text + " takes a number (e.g. 0x351 or 849), not '" + value.text + "'");
            }
            return value.number;
        }

        private void checkNumeric(Op op, Token opToken) {
            if (op == Op.CONTAINS) {
                throw error(opToken, "contains works on text, not on numbers");
            }
        }

        private Op op(String text) {
            for (Op op : Op.values()) {
                if (op.text.equals(text)) {
                    return op;
                }
            }
            throw new IllegalStateException(text); // the tokenizer makes only these
        }

        private static boolean textCompare(String actual, Op op, String wanted) {
            return switch (op) {
            case EQ -> actual.equalsIgnoreCase(wanted);
            case NE -> !actual.equalsIgnoreCase(wanted);
            case CONTAINS -> actual.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
            default -> op.compare(actual.compareToIgnoreCase(wanted), 0);
            };
        }
    }
}
