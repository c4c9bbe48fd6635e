package org.bmsw.profiles.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.profiles.AlarmDefinition;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.ConnectorKind;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.InverterProfile;
import org.bmsw.profiles.LedIndicator;
import org.bmsw.profiles.NominalLimits;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileSource;
import org.bmsw.profiles.ProtocolBinding;
import org.bmsw.profiles.SignalKind;
import org.bmsw.protocol.dbc.DbcDiagnostic;
import org.bmsw.protocol.dbc.DbcParser;
import org.bmsw.protocol.modbus.RegisterMap;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads one profile descriptor: validates it against {@code profile-1.xsd} (with line numbers), then checks
 * what a schema cannot (pin numbers against the connector, references between elements, referenced files).
 * Any problem makes the whole descriptor invalid: a half-read profile would mislead the wiring checks.
 */
public final class DescriptorReader {

    public static final String NAMESPACE = "urn:bmsw:profile:1";
    private static final Schema SCHEMA = loadSchema();

    /** The outcome: a profile, or the problems that kept it out. */
    public record Result(Optional<DeviceProfile> profile, List<ProfileProblem> problems) {
    }

    private DescriptorReader() {
    }

    private static Schema loadSchema() {
        URL xsd = DescriptorReader.class.getResource("/org/bmsw/profiles/profile-1.xsd");
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("profile-1.xsd of org.bmsw.profiles is broken", e);
        }
    }

    public static Result read(ProfileSource source, Predicate<String> decoderExists) {
        Handler handler = new Handler(source, decoderExists);
        try (InputStream in = source.opener().open()) {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setSchema(SCHEMA);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            SAXParser parser = factory.newSAXParser();
            parser.parse(in, handler);
        } catch (SAXParseException e) {
            handler.syntaxProblem(e.getLineNumber(), e.getColumnNumber(), e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            handler.syntaxProblem(0, 0, "cannot parse: " + e.getMessage());
        } catch (IOException e) {
            handler.syntaxProblem(0, 0, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            // a value the schema let through but the model refuses: one problem where the parser stood
            int[] at = handler.position();
            handler.syntaxProblem(at[0], at[1], "cannot read: " + e);
        }
        if (handler.schemaValid) {
            try {
                handler.checkReferences();
            } catch (RuntimeException e) {
                handler.syntaxProblem(0, 0, "cannot check references: " + e);
            }
        }
        if (!handler.problems.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(handler.problems));
        }
        try {
            return new Result(Optional.of(handler.profile()), List.of());
        } catch (RuntimeException e) {
            return new Result(Optional.empty(), List.of(new ProfileProblem(source.origin(), 0, 0,
                    "cannot build the profile: " + e)));
        }
    }

    /** Builds the model as elements arrive; keeps each element's position for later messages. */
    private static final class Handler extends DefaultHandler {
        private final ProfileSource source;
        private final Predicate<String> decoderExists;
        private final List<ProfileProblem> problems = new ArrayList<>();
        /** False after the first schema or syntax error: the model is not built from an invalid document. */
        private boolean schemaValid = true;
        private Locator locator;

        private String root;
        private Map<String, String> identity = Map.of();
        private final StringBuilder text = new StringBuilder();
        private String description = "";
        private String sourceText = "";
        private NominalLimits limits;
        private final List<Port> ports = new ArrayList<>();
        private final List<int[]> portPositions = new ArrayList<>();
        private final List<ProtocolBinding> protocols = new ArrayList<>();
        private final List<int[]> protocolPositions = new ArrayList<>();
        private final List<LedIndicator> leds = new ArrayList<>();
        private final List<AlarmDefinition> alarms = new ArrayList<>();

        // the port or LED being read
        private Map<String, String> portAttributes;
        private List<Pin> pins;
        private List<int[]> pinPositions;
        private List<Port.Termination> terminations;
        private Map<String, String> ledAttributes;
        private List<LedIndicator.Indication> indications;

        Handler(ProfileSource source, Predicate<String> decoderExists) {
            this.source = source;
            this.decoderExists = decoderExists;
        }

        void problem(int line, int column, String message) {
            problems.add(new ProfileProblem(source.origin(), line, column, message));
        }

        void syntaxProblem(int line, int column, String message) {
            schemaValid = false;
            problem(line, column, message);
        }

        private int[] position() {
            return locator == null ? new int[] { 0, 0 } : new int[] { locator.getLineNumber(), locator.getColumnNumber() };
        }

        private void problemHere(String message) {
            int[] position = position();
            problem(position[0], position[1], message);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void error(SAXParseException e) {
            // schema violations: collect them all, then reject the file
            syntaxProblem(e.getLineNumber(), e.getColumnNumber(), e.getMessage());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (!NAMESPACE.equals(uri)) {
                problemHere("element <" + qName + "> is not in namespace " + NAMESPACE);
                return;
            }
            text.setLength(0);
            if (!schemaValid) {
                return; // the file is rejected already; only collect further schema errors
            }
            Map<String, String> a = attributes(attributes);
            switch (localName) {
            case "battery", "inverter" -> {
                root = localName;
                identity = a;
            }
            case "limits" -> limits = limits(a);
            case "port" -> {
                portAttributes = a;
                pins = new ArrayList<>();
                pinPositions = new ArrayList<>();
                terminations = new ArrayList<>();
                portPositions.add(position());
            }
            case "pin" -> {
                pins.add(pin(a));
                pinPositions.add(position());
            }
            case "termination" -> {
                String bus = a.get("bus");
                if (pins.stream().noneMatch(pin -> pin.isOn(bus))) {
                    problemHere("termination of bus " + bus + ", which no pin of port " + portAttributes.get("id")
                            + " is on");
                }
                terminations.add(new Port.Termination(bus, a.get("kind"), decimal(a.get("resistance-ohm")),
                        a.getOrDefault("note", "")));
            }
            case "protocol" -> {
                protocols.add(protocol(a));
                protocolPositions.add(position());
            }
            case "led" -> {
                ledAttributes = a;
                indications = new ArrayList<>();
            }
            case "indication" -> indications.add(new LedIndicator.Indication(a.get("when"), a.get("pattern"),
                    (a.containsKey("period-ms") ? wholeNumber("period-ms", a.get("period-ms")) : 0), a.getOrDefault("meaning", "")));
            case "alarm" -> alarms.add(new AlarmDefinition(a.getOrDefault("code", ""), a.get("text"),
                    AlarmName.byName(a.get("name")).orElseThrow(), AlarmLevel.byName(a.get("level")).orElseThrow()));
            default -> {
                // description and source carry text only
            }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (!schemaValid) {
                return;
            }
            switch (localName) {
            case "description" -> description = text.toString().strip();
            case "source" -> sourceText = text.toString().strip();
            case "port" -> endPort();
            case "led" -> leds.add(new LedIndicator(ledAttributes.get("name"), ledAttributes.getOrDefault("description", ""),
                    indications));
            default -> {
                // nothing to close
            }
            }
        }

        private void endPort() {
            ConnectorKind connector = ConnectorKind.fromXml(portAttributes.get("connector"));
            String id = portAttributes.get("id");
            Set<Integer> numbers = new HashSet<>();
            for (int i = 0; i < pins.size(); i++) {
                Pin pin = pins.get(i);
                int[] at = pinPositions.get(i);
                if (!numbers.add(pin.number())) {
                    problem(at[0], at[1], "port " + id + ": pin " + pin.number() + " is listed twice");
                }
                if (connector.pinCount() > 0 && pin.number() > connector.pinCount()) {
                    problem(at[0], at[1], "port " + id + ": pin " + pin.number() + " does not exist on a "
                            + connector.xmlName() + " connector (pins 1-" + connector.pinCount() + ")");
                }
            }
            checkBuses(id);
            ports.add(new Port(id, portAttributes.getOrDefault("label", id), connector,
                    portAttributes.getOrDefault("description", ""), pins, terminations));
        }

        /** A CAN bus needs its H and L line, an RS485 bus its A and B line. */
        private void checkBuses(String portId) {
            Map<String, Set<SignalKind>> signalsByBus = new HashMap<>();
            for (Pin pin : pins) {
                pin.buses().forEach(bus -> signalsByBus.computeIfAbsent(bus, b -> new HashSet<>()).add(pin.signal()));
            }
            signalsByBus.forEach((bus, signals) -> {
                boolean can = signals.contains(SignalKind.CAN_H) || signals.contains(SignalKind.CAN_L);
                boolean rs485 = signals.contains(SignalKind.RS485_A) || signals.contains(SignalKind.RS485_B);
                if (can && !(signals.contains(SignalKind.CAN_H) && signals.contains(SignalKind.CAN_L))) {
                    problemHere("port " + portId + ": CAN bus " + bus + " needs both a can-h and a can-l pin");
                }
                if (rs485 && !(signals.contains(SignalKind.RS485_A) && signals.contains(SignalKind.RS485_B))) {
                    problemHere("port " + portId + ": RS485 bus " + bus + " needs both an rs485-a and an rs485-b pin");
                }
                if (can && rs485) {
                    problemHere("port " + portId + ": bus " + bus + " mixes CAN and RS485 pins");
                }
            });
        }

        private Pin pin(Map<String, String> a) {
            Optional<Pin.SupplyRating> supply = Optional.empty();
            if (a.containsKey("supply-voltage-V") || a.containsKey("supply-limit-mA") || a.containsKey("supply-limit-W")) {
                supply = Optional.of(new Pin.SupplyRating(decimal(a.get("supply-voltage-V")),
                        decimal(a.get("supply-limit-mA")), decimal(a.get("supply-limit-W"))));
            }
            SignalKind signal = SignalKind.fromXml(a.get("signal"));
            if (signal == SignalKind.SUPPLY && supply.isEmpty()) {
                problemHere("pin " + a.get("number") + " is a supply: give its supply-voltage-V and supply-limit-mA");
            }
            List<String> buses = a.containsKey("bus") ? List.of(a.get("bus").trim().split("\\s+")) : List.of();
            return new Pin(wholeNumber("number", a.get("number")), a.get("name"), signal, buses, a.getOrDefault("note", ""),
                    supply);
        }

        private ProtocolBinding protocol(Map<String, String> a) {
            List<ProtocolBinding.Definition> definitions = new ArrayList<>();
            if (a.containsKey("decoder")) {
                definitions.add(new ProtocolBinding.Definition(ProtocolBinding.Definition.Kind.DECODER, a.get("decoder")));
            }
            if (a.containsKey("dbc")) {
                definitions.add(new ProtocolBinding.Definition(ProtocolBinding.Definition.Kind.DBC, a.get("dbc")));
            }
            if (a.containsKey("register-map")) {
                definitions.add(new ProtocolBinding.Definition(ProtocolBinding.Definition.Kind.REGISTER_MAP,
                        a.get("register-map")));
            }
            if (definitions.size() != 1) {
                problemHere("protocol on port " + a.get("port")
                        + " needs exactly one of decoder, dbc or register-map, found " + definitions.size());
                definitions.add(0, new ProtocolBinding.Definition(ProtocolBinding.Definition.Kind.DECODER, ""));
            }
            return new ProtocolBinding(a.get("port"), Optional.ofNullable(a.get("bus")),
                    ProtocolBinding.PhysicalLayer.valueOf(a.get("layer").toUpperCase()),
                    wholeNumber("bitrate-bps", a.get("bitrate-bps")), definitions.get(0),
                    ProtocolBinding.Role.valueOf(a.get("role").toUpperCase()));
        }

        private NominalLimits limits(Map<String, String> a) {
            NominalLimits result = new NominalLimits(decimal(a.get("min-voltage-V")), decimal(a.get("max-voltage-V")),
                    wholeNumber("cells-in-series", a.get("cells-in-series")), decimal(a.get("max-charge-current-A")),
                    decimal(a.get("max-discharge-current-A")), decimal(a.get("capacity-Ah")));
            if (!(result.minVoltageV() < result.maxVoltageV())) {
                problemHere("limits: min-voltage-V " + result.minVoltageV() + " is not below max-voltage-V "
                        + result.maxVoltageV());
            }
            return result;
        }

        /** Checks that need the whole file: protocol ports, decoder ids, referenced files. */
        void checkReferences() {
            Set<String> portIds = new HashSet<>();
            for (int i = 0; i < ports.size(); i++) {
                if (!portIds.add(ports.get(i).id())) {
                    int[] at = portPositions.get(i);
                    problem(at[0], at[1], "port " + ports.get(i).id() + " is defined twice");
                }
            }
            for (int i = 0; i < protocols.size(); i++) {
                ProtocolBinding protocol = protocols.get(i);
                int[] at = protocolPositions.get(i);
                if (!portIds.contains(protocol.port())) {
                    problem(at[0], at[1], "protocol refers to port " + protocol.port() + ", which the profile does not define"
                            + " (ports: " + String.join(", ", portIds) + ")");
                } else if (protocol.bus().isPresent() && ports.stream().filter(p -> p.id().equals(protocol.port()))
                        .allMatch(p -> p.pinsOf(protocol.bus().get()).isEmpty())) {
                    problem(at[0], at[1], "protocol runs on bus " + protocol.bus().get() + ", which no pin of port "
                            + protocol.port() + " is on");
                }
                String reference = protocol.definition().reference();
                switch (protocol.definition().kind()) {
                case DECODER -> {
                    if (!reference.isEmpty() && !decoderExists.test(reference)) {
                        problem(at[0], at[1], "no built-in decoder '" + reference + "'");
                    }
                }
                case DBC, REGISTER_MAP -> {
                    if (protocol.definition().kind() == ProtocolBinding.Definition.Kind.REGISTER_MAP
                            && RegisterMap.isBuiltIn(reference)) {
                        try {
                            RegisterMap.builtIn(reference); // one that ships with the workbench
                        } catch (IllegalArgumentException e) {
                            problem(at[0], at[1], e.getMessage());
                        }
                        break;
                    }
                    Optional<ProfileSource.Opener> file = source.files().find(reference);
                    if (file.isEmpty()) {
                        problem(at[0], at[1], "file " + reference + " not found in " + source.origin().contributor());
                    } else if (protocol.definition().kind() == ProtocolBinding.Definition.Kind.DBC) {
                        checkDbc(reference, file.get(), at);
                    } else {
                        checkRegisterMap(reference, file.get(), at);
                    }
                }
                }
            }
            Set<String> ledNames = new HashSet<>();
            for (LedIndicator led : leds) {
                if (!ledNames.add(led.name())) {
                    problem(0, 0, "LED " + led.name() + " is described twice");
                }
            }
        }

        /** A DBC the profile names must parse: its errors are reported at their own file, line and column. */
        private void checkDbc(String path, ProfileSource.Opener file, int[] at) {
            ProfileOrigin dbcOrigin = new ProfileOrigin(source.origin().contributor(), path);
            try (InputStream in = file.open()) {
                DbcParser.Result result = DbcParser.parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (DbcDiagnostic diagnostic : result.diagnostics()) {
                    if (diagnostic.error()) {
                        problems.add(new ProfileProblem(dbcOrigin, diagnostic.line(), diagnostic.column(),
                                diagnostic.reason()));
                    }
                }
            } catch (IOException e) {
                problem(at[0], at[1], "cannot read " + path + ": " + e.getMessage());
            }
        }

        /** A register map the profile names must read: each of its problems at its own file and line. */
        private void checkRegisterMap(String path, ProfileSource.Opener file, int[] at) {
            ProfileOrigin mapOrigin = new ProfileOrigin(source.origin().contributor(), path);
            try (InputStream in = file.open()) {
                RegisterMap.parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // RegisterMap names each problem "path:line: reason", one per line
                Pattern located = Pattern.compile(Pattern.quote(path) + ":(\\d+): (.*)");
                for (String line : String.valueOf(e.getMessage()).split("\n")) {
                    Matcher matcher = located.matcher(line.strip());
                    if (matcher.matches()) {
                        problems.add(new ProfileProblem(mapOrigin, Integer.parseInt(matcher.group(1)), 1, matcher.group(2)));
                    } else if (!line.isBlank()) {
                        problems.add(new ProfileProblem(mapOrigin, 1, 1, line.strip().replaceFirst("^" + Pattern.quote(path)
                                + ":? ?", "")));
                    }
                }
            } catch (IOException e) {
                problem(at[0], at[1], "cannot read " + path + ": " + e.getMessage());
            }
        }

        DeviceProfile profile() {
            String id = identity.get("id");
            String vendor = identity.get("vendor");
            String model = identity.get("model");
            if ("battery".equals(root)) {
                return new BatteryProfile(id, vendor, model, description, sourceText, ports, protocols, leds, alarms,
                        Optional.ofNullable(limits), source.origin());
            }
            return new InverterProfile(id, vendor, model, description, sourceText, ports, protocols, source.origin());
        }

        private static Map<String, String> attributes(Attributes attributes) {
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                map.put(attributes.getLocalName(i), attributes.getValue(i));
            }
            return map;
        }

        private static double decimal(String value) {
            return value == null ? Double.NaN : Double.parseDouble(value);
        }

        /** A whole number the schema has checked, which may still be too large for an int: then a problem. */
        private int wholeNumber(String attribute, String value) {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                syntaxProblem(position()[0], position()[1], "attribute '" + attribute + "' value '" + value
                        + "' is not a whole number up to " + Integer.MAX_VALUE);
                return 1;
            }
        }
    }
}
