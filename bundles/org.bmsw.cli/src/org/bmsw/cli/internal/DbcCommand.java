package org.bmsw.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.protocol.dbc.DbcDatabase;
import org.bmsw.protocol.dbc.DbcDiagnostic;
import org.bmsw.protocol.dbc.DbcParser;
import org.bmsw.protocol.dbc.DbcWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bmsw dbc check FILE} and {@code bmsw dbc export --protocol ID}: DBC files in and out. */
@Command(name = "dbc", description = "check a DBC file, or write a built-in CAN protocol as DBC",
        synopsisSubcommandLabel = "(check | export)")
final class DbcCommand {

    /** {@code bmsw dbc check FILE}: every problem the DBC reader met, as file:line:column; exit 1 on errors. */
    @Command(name = "check", description = "list the problems of a DBC file as file:line:column; exit 1 on errors",
            footer = { "Reads FILE as bmsw reads a vendor's DBC (UTF-8, else windows-1252) and lists every problem met:",
                    "errors (a statement dropped) and warnings (e.g. an unknown section skipped), then a summary line.",
                    "Exit codes: 0 no errors (warnings allowed), 1 errors or FILE unreadable." })
    static final class Check extends BmswCommand {

        @Parameters(index = "0", paramLabel = "FILE", description = "the DBC file")
        Path file;

        Check(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            DbcParser.Result result;
            try {
                result = DbcParser.read(file);
            } catch (NoSuchFileException e) {
                err.println("bmsw dbc check: " + file + ": no such file");
                return Bmsw.EXIT_FAILED;
            } catch (IOException e) {
                err.println("bmsw dbc check: " + file + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
            int errors = 0;
            for (DbcDiagnostic problem : result.diagnostics()) {
                // the path as typed, so that editors and terminals can jump to it
                out.println(file + ":" + problem.line() + ":" + problem.column() + ": "
                        + (problem.error() ? "error: " : "warning: ") + problem.reason());
                errors += problem.error() ? 1 : 0;
            }
            int warnings = result.diagnostics().size() - errors;
            DbcDatabase database = result.database();
            int signals = database.messages().stream().mapToInt(message -> message.signals().size()).sum();
            out.println(file + ": " + database.messages().size() + " messages, " + signals + " signals; " + count(errors,
                    "error") + ", " + count(warnings, "warning"));
            return errors > 0 ? Bmsw.EXIT_FAILED : Bmsw.EXIT_OK;
        }

        private static String count(int n, String what) {
            return n + " " + what + (n == 1 ? "" : "s");
        }
    }

    /** The built-in CAN protocols, for help and completion. */
    static final class CanProtocols implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of(CanProtocol.PYLON, CanProtocol.SMA).iterator();
        }
    }

    /** {@code bmsw dbc export --protocol ID [--out FILE]}: a built-in definition as DBC, for SavvyCAN or cantools. */
    @Command(name = "export", description = "write a built-in CAN protocol as a DBC file (for SavvyCAN, cantools, ...)",
            footer = { "Writes the definition bmsw decodes the protocol with (the protocol's messages and the Victron",
                    "extension frames 0x360 and 0x372-0x382), with the variants named after +, e.g.",
                    "pylon-can+voltage-0.1V. The file reads back with bmsw dbc check." })
    static final class Export extends BmswCommand {

        @Option(names = "--protocol", paramLabel = "ID", required = true, completionCandidates = CanProtocols.class,
                description = "${COMPLETION-CANDIDATES}, with variants after +")
        String protocol;

        @Option(names = "--out", paramLabel = "FILE", description = "the DBC file to write (default: stdout)")
        Path file;

        Export(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            List<String> parts = Arrays.stream(protocol.strip().split("\\+")).map(String::strip).toList();
            String id = parts.get(0);
            List<String> variants = parts.subList(1, parts.size());
            try {
                CanProtocol.builtIn(id, variants); // names an unknown protocol or variant
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
            // as CanProtocol.builtIn composes it: the protocol, the Victron extension, then each variant chosen
            DbcDatabase database = CanProtocol.load(id + ".dbc").overlay(CanProtocol.load("victron-ext.dbc"));
            for (String variant : CanProtocol.variantsOf(id)) {
                if (variants.contains(variant)) {
                    database = database.overlay(CanProtocol.load("variant-" + variant + ".dbc"));
                }
            }
            String text = DbcWriter.write(database);
            if (file == null) {
                out.print(text);
                out.flush();
                return Bmsw.EXIT_OK;
            }
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("bmsw dbc export: cannot write " + file + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
            err.println("bmsw dbc export: " + protocol + " (" + database.messages().size() + " messages) written to "
                    + file);
            return Bmsw.EXIT_OK;
        }
    }
}
