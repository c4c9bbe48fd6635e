package org.bmsw.fleet.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.bmsw.analysis.AnalysisReport;
import org.bmsw.analysis.ReportJson;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.ResolvedDecoder;
import org.bmsw.engine.TraceEngine;
import org.bmsw.engine.fleet.FleetAnalyzer;
import org.bmsw.engine.fleet.FleetEntry;
import org.bmsw.engine.fleet.FleetInputs;
import org.bmsw.engine.fleet.FleetSummary;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.protocol.DecoderRegistry;

/**
 * The fleet analysis on Apache Spark: {@code spark-submit --class org.bmsw.fleet.spark.FleetSparkJob bmsw-fleet.jar
 * INPUT OUTPUT [--protocol SPEC | --profile ID] [--profile-dir DIR]... [--dbc FILE]... [--channel NAME]
 * [--strict]}, the options of {@code bmsw analyze}: a profile (built in, or from a {@code --profile-dir} folder)
 * gives its decoding and its limits, DBC files decode their identifiers first. The job ships those files to
 * every executor ({@code SparkContext.addFile}, so they may be on any Hadoop file system too). INPUT is a folder (every file below it, hidden and
 * {@code _} files left out) or a glob on any Hadoop file system (local, HDFS, S3 through its connector). Each task
 * copies its trace to local temporary storage and analyses it with the same code as {@code bmsw analyze} (the
 * engine and {@link FleetAnalyzer}, plain Java, decoders found by {@code ServiceLoader}). OUTPUT receives:
 * <ul>
 * <li>{@code fleet.json}: the fleet summary, the same file {@code bmsw analyze --summary} writes for the same
 * traces;</li>
 * <li>{@code traces.parquet}: a row per trace (verdict, protocol, battery identity, frames, counts per check, the
 * full report's JSON);</li>
 * <li>{@code summary.parquet}: a row per check and severity, with the worst traces of the check;</li>
 * <li>{@code reports/NAME.json}: each readable trace's report, as {@code bmsw analyze --json} writes it (its
 * {@code trace} field is the input file's URI).</li>
 * </ul>
 */
public final class FleetSparkJob {

    /** What a task needs to find and read one trace. */
    record TraceTask(String name, String uri, long sizeBytes) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A task's result: the summary's entry and, for a readable trace, the report's JSON. */
    record TraceResult(FleetEntry entry, String reportJson) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The job's options besides INPUT and OUTPUT.
     *
     * @param profileDirs folders of profiles, as given (any Hadoop file system)
     * @param dbcs the user's DBC files, as given, later ones first for their identifiers
     */
    record Options(String protocol, String profile, List<String> profileDirs, List<String> dbcs, String channel,
            boolean strict) implements Serializable {
        private static final long serialVersionUID = 1L;

        static final Options DEFAULT = new Options(null, null, List.of(), List.of(), null, false);

        Options {
            profileDirs = List.copyOf(profileDirs);
            dbcs = List.copyOf(dbcs);
        }

        Options withProtocol(String spec) {
            return new Options(spec, profile, profileDirs, dbcs, channel, strict);
        }

        Options withProfile(String id) {
            return new Options(protocol, id, profileDirs, dbcs, channel, strict);
        }

        Options withProfileDir(String dir) {
            return new Options(protocol, profile, append(profileDirs, dir), dbcs, channel, strict);
        }

        Options withDbc(String file) {
            return new Options(protocol, profile, profileDirs, append(dbcs, file), channel, strict);
        }

        Options withChannel(String name) {
            return new Options(protocol, profile, profileDirs, dbcs, name, strict);
        }

        Options withStrict() {
            return new Options(protocol, profile, profileDirs, dbcs, channel, true);
        }

        private static List<String> append(List<String> list, String value) {
            List<String> all = new ArrayList<>(list);
            all.add(value);
            return all;
        }

        /** The request as {@code bmsw analyze} makes it, with the files' local copies ({@link #local}). */
        DecoderRequest request() {
            DecoderRequest request = profile != null ? DecoderRequest.profile(profile)
                    : DecoderRequest.protocol(protocol);
            return request.withDbcs(dbcs.stream().map(Options::local).toList());
        }

        /** The engine of a task (or of the driver's check), with the profiles of the local copies. */
        TraceEngine engine(java.util.function.Consumer<String> problems) {
            DecoderRegistry decoders = DecoderRegistry.standalone();
            ProfileRegistry registry = JobProfiles.registry(decoders, profileDirs.stream().map(Options::local)
                    .toList(), problems);
            return new TraceEngine(decoders, () -> registry, JobProfiles.files());
        }

        /** Where {@link SparkContext#addFile} put a file or folder the job was given, on this machine. */
        static java.nio.file.Path local(String given) {
            return java.nio.file.Path.of(SparkFiles.get(new Path(given).getName()));
        }

        PassOptions passOptions() {
            return PassOptions.DEFAULT.withChannel(channel).withStrict(strict);
        }
    }

    /** What a run did, for the caller's message and exit code. */
    public record Outcome(int traces, long unreadable, String summaryJson) {
    }

    private FleetSparkJob() {
    }

    public static void main(String[] args) {
        List<String> positional = new ArrayList<>();
        Options options = Options.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
            case "--protocol" -> options = options.withProtocol(value(args, ++i, "--protocol"));
            case "--profile" -> options = options.withProfile(value(args, ++i, "--profile"));
            case "--profile-dir" -> options = options.withProfileDir(value(args, ++i, "--profile-dir"));
            case "--dbc" -> options = options.withDbc(value(args, ++i, "--dbc"));
            case "--channel" -> options = options.withChannel(value(args, ++i, "--channel"));
            case "--strict" -> options = options.withStrict();
            default -> {
                if (args[i].startsWith("--")) {
                    usage("unknown option " + args[i]);
                }
                positional.add(args[i]);
            }
            }
        }
        if (positional.size() != 2) {
            usage("give INPUT and OUTPUT");
        }
        SparkSession spark = SparkSession.builder().appName("bmsw fleet analysis").getOrCreate();
        try {
            Outcome outcome = run(spark, positional.get(0), positional.get(1), options);
            System.err.println("bmsw-fleet: " + outcome.traces() + " traces (" + outcome.unreadable()
                    + " unreadable), summary in " + new Path(positional.get(1), "fleet.json"));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("bmsw-fleet: " + e.getMessage());
            spark.stop();
            System.exit(1);
        }
        spark.stop();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("bmsw-fleet: " + problem);
        System.err.println("usage: spark-submit --class " + FleetSparkJob.class.getName()
                + " bmsw-fleet.jar INPUT OUTPUT [--protocol SPEC | --profile ID] [--profile-dir DIR]... [--dbc FILE]..."
                + " [--channel NAME] [--strict]");
        System.exit(2);
    }

    /** Runs the job with the defaults ({@code auto} protocol, every channel, lenient reading). */
    public static Outcome run(SparkSession spark, String input, String output) {
        return run(spark, input, output, Options.DEFAULT);
    }

    static Outcome run(SparkSession spark, String input, String output, Options options) {
        if (options.protocol() != null && options.profile() != null) {
            throw new IllegalArgumentException("give --protocol or --profile, not both");
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // the profiles' folders and the DBC files go to every executor (and to this driver's SparkFiles too)
        for (String dir : options.profileDirs()) {
            context.sc().addFile(dir, true);
        }
        for (String dbc : options.dbcs()) {
            context.sc().addFile(dbc);
        }
        // the engine checks the request before any task starts: a typo is one message, not a failed stage
        try {
            TraceEngine engine = options.engine(problem -> System.err.println("bmsw-fleet: " + problem));
            DecoderRequest request = options.request();
            if (request.profile() == null && request.dbcOverlays().isEmpty()) {
                engine.checkProtocol(request.protocol() == null ? "auto" : request.protocol());
            } else {
                ResolvedDecoder decoder = engine.resolve(request, false);
                System.err.println("bmsw-fleet: decoding with " + decoder.description());
                decoder.notes().forEach(note -> System.err.println("bmsw-fleet: " + note));
            }
        } catch (org.bmsw.engine.EngineException e) {
            // a profile without a CAN binding may still fit serial traces: each trace says so itself
            if (e.kind() == org.bmsw.engine.EngineException.Kind.USAGE || options.profile() == null) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path out = new Path(output);
        List<TraceTask> tasks;
        try {
            FileSystem outFs = out.getFileSystem(hadoop);
            if (outFs.exists(out) && (!outFs.getFileStatus(out).isDirectory() || outFs.listStatus(out).length > 0)) {
                throw new IllegalArgumentException(output + " exists; give a new folder for the results");
            }
            tasks = list(new Path(input), hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException(input + ": no traces to analyse");
        }

        // the executors rebuild the driver's Hadoop settings (credentials of a connector, ...) from these
        Map<String, String> settings = new HashMap<>();
        hadoop.forEach(e -> settings.put(e.getKey(), e.getValue()));
        String reports = new Path(out, "reports").toString();
        // one trace per partition up to a bound: traces differ in size, and small partitions balance the load
        int slices = Math.max(1, Math.min(tasks.size(), 64 * context.defaultParallelism()));
        JavaRDD<TraceResult> results = context.parallelize(tasks, slices)
                .mapPartitions(part -> analyse(part, settings, options, reports))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            spark.createDataFrame(results.map(FleetSparkJob::traceRow), TRACE_SCHEMA).write()
                    .mode(SaveMode.ErrorIfExists).parquet(new Path(out, "traces.parquet").toString());
            List<FleetEntry> entries = new ArrayList<>(results.map(TraceResult::entry).collect());
            String summary = FleetSummary.toJson(entries);
            spark.createDataFrame(summaryRows(entries), SUMMARY_SCHEMA).coalesce(1).write()
                    .mode(SaveMode.ErrorIfExists).parquet(new Path(out, "summary.parquet").toString());
            FileSystem fs = out.getFileSystem(hadoop);
            try (OutputStream stream = fs.create(new Path(out, "fleet.json"), true)) {
                stream.write(summary.getBytes(StandardCharsets.UTF_8));
            }
            return new Outcome(entries.size(), entries.stream().filter(e -> !e.readable()).count(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException(output + ": cannot write: " + e.getMessage(), e);
        } finally {
            results.unpersist(false);
        }
    }

    /**
     * The traces under INPUT (a folder, or a glob whose fixed part names the folder), named by their path
     * below it, in name order. Files starting with {@code .} or {@code _} (markers such as {@code _SUCCESS}) are
     * left out, as Hadoop's inputs do.
     */
    static List<TraceTask> list(Path input, Configuration hadoop) throws IOException {
        FileSystem fs = input.getFileSystem(hadoop);
        Map<String, TraceTask> byName = new LinkedHashMap<>();
        if (FleetInputs.isGlob(input.toString())) {
            Path base = input;
            while (base != null && FleetInputs.isGlob(base.toString())) {
                base = base.getParent();
            }
            FileStatus[] matched = fs.globStatus(input);
            for (FileStatus status : matched == null ? new FileStatus[0] : matched) {
                collect(fs, fs.makeQualified(base), status, byName);
            }
        } else {
            if (!fs.exists(input)) {
                throw new IOException(input + ": no such file or folder");
            }
            FileStatus status = fs.getFileStatus(input);
            collect(fs, fs.makeQualified(status.isDirectory() ? input : input.getParent()), status, byName);
        }
        List<TraceTask> tasks = new ArrayList<>(byName.values());
        tasks.sort(Comparator.comparing(TraceTask::name));
        return tasks;
    }

    private static void collect(FileSystem fs, Path base, FileStatus status, Map<String, TraceTask> byName)
            throws IOException {
        if (status.isFile()) {
            add(base, status, byName);
            return;
        }
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), true);
        while (files.hasNext()) {
            add(base, files.next(), byName);
        }
    }

    private static void add(Path base, FileStatus file, Map<String, TraceTask> byName) {
        String root = base.toUri().getPath();
        String path = file.getPath().toUri().getPath();
        String name = path.startsWith(root + "/") ? path.substring(root.length() + 1) : file.getPath().getName();
        for (String part : name.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return;
            }
        }
        byName.putIfAbsent(name, new TraceTask(name, file.getPath().toString(), file.getLen()));
    }

    /** In a task: each trace copied to a local temporary folder, analysed, its report written, the copy deleted. */
    private static Iterator<TraceResult> analyse(Iterator<TraceTask> part, Map<String, String> settings,
            Options options, String reports) throws IOException {
        Configuration hadoop = new Configuration(false);
        settings.forEach(hadoop::set);
        // the driver reported the profiles kept out; a task only analyses
        FleetAnalyzer analyzer = new FleetAnalyzer(options.engine(problem -> {
        }), options.request(), options.passOptions());
        List<TraceResult> results = new ArrayList<>();
        while (part.hasNext()) {
            results.add(analyse(part.next(), hadoop, analyzer, reports));
        }
        return results.iterator();
    }

    private static TraceResult analyse(TraceTask task, Configuration hadoop, FleetAnalyzer analyzer, String reports)
            throws IOException {
        java.nio.file.Path folder = Files.createTempDirectory("bmsw-fleet-");
        // the copy keeps the file's name, so that the reader's messages name the trace
        java.nio.file.Path local = folder.resolve(new Path(task.uri()).getName());
        try {
            Path source = new Path(task.uri());
            try {
                source.getFileSystem(hadoop).copyToLocalFile(false, source, new Path(local.toUri()), true);
            } catch (IOException e) {
                return new TraceResult(FleetEntry.unreadable(task.name(), task.name() + ": cannot copy: "
                        + e.getMessage()), null);
            }
            FleetAnalyzer.Analysed analysed = analyzer.analyze(local, task.name());
            if (analysed.report() == null) {
                return new TraceResult(analysed.entry(), null);
            }
            String json = ReportJson.toJson(renamed(analysed.report(), task.uri())) + "\n";
            Path target = new Path(reports, task.name() + ".json");
            try (OutputStream stream = target.getFileSystem(hadoop).create(target, true)) {
                stream.write(json.getBytes(StandardCharsets.UTF_8));
            }
            return new TraceResult(analysed.entry(), json);
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(folder);
        }
    }

    /** The report with the input's URI as its trace rather than the temporary copy's path. */
    static AnalysisReport renamed(AnalysisReport r, String trace) {
        return new AnalysisReport(trace, r.format(), r.frames(), r.skippedLines(), r.decoder(), r.profile(),
                r.startNs(), r.endNs(), r.timestamps(), r.channels(), r.findings(), r.checks(), r.readProblems());
    }

    static final StructType TRACE_SCHEMA = new StructType()
            .add("trace", DataTypes.StringType, false)
            .add("verdict", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, true)
            .add("format", DataTypes.StringType, true)
            .add("protocol", DataTypes.StringType, true)
            .add("layout", DataTypes.StringType, true)
            .add("variants", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("battery", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add("frames", DataTypes.LongType, false)
            .add("duration_s", DataTypes.DoubleType, false)
            .add("worst_check", DataTypes.StringType, true)
            .add("worst_message", DataTypes.StringType, true)
            .add("check_counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
            .add("report_json", DataTypes.StringType, true);

    private static Row traceRow(TraceResult result) {
        FleetEntry e = result.entry();
        List<String> protocols = e.packs().stream().map(FleetEntry.Pack::protocol).distinct().toList();
        List<String> layouts = e.packs().stream().map(FleetEntry.Pack::layout).filter(l -> !l.isEmpty()).distinct()
                .toList();
        List<String> variants = e.packs().stream().flatMap(p -> p.variants().stream()).distinct().toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        e.checks().forEach(c -> counts.put(c.check(), c.count()));
        FleetEntry.WorstFinding worst = e.worstFindings().isEmpty() ? null : e.worstFindings().get(0);
        return RowFactory.create(e.trace(), e.verdict(), e.readable() ? null : e.reason(),
                e.readable() ? e.format() : null, protocols.isEmpty() ? null : String.join(", ", protocols),
                layouts.isEmpty() ? null : String.join(", ", layouts), variants.toArray(new String[0]),
                scalaMap(e.battery()), e.frames(), e.durationS(), worst == null ? null : worst.check(),
                worst == null ? null : worst.message(), scalaMap(counts), result.reportJson());
    }

    static final StructType SUMMARY_SCHEMA = new StructType()
            .add("check", DataTypes.StringType, false)
            .add("severity", DataTypes.StringType, false)
            .add("traces", DataTypes.LongType, false)
            .add("findings", DataTypes.LongType, false)
            .add("worst_traces", DataTypes.createArrayType(DataTypes.StringType), false);

    /** A row per check and severity, from the same map as fleet.json (so the two always agree). */
    @SuppressWarnings("unchecked")
    private static List<Row> summaryRows(List<FleetEntry> entries) {
        List<Row> rows = new ArrayList<>();
        for (Object item : (List<Object>) FleetSummary.toMap(entries).get("checks")) {
            Map<String, Object> check = (Map<String, Object>) item;
            String[] worst = ((List<Object>) check.get("worst_traces")).stream()
                    .map(w -> (String) ((Map<String, Object>) w).get("trace")).toArray(String[]::new);
            ((Map<String, Object>) check.get("by_severity")).forEach((severity, counts) -> {
                Map<String, Object> c = (Map<String, Object>) counts;
                rows.add(RowFactory.create(check.get("check"), severity, ((Number) c.get("traces")).longValue(),
                        ((Number) c.get("findings")).longValue(), worst));
            });
        }
        return rows;
    }

    /** Spark's rows take Scala maps for a map column. */
    private static <K, V> scala.collection.Map<K, V> scalaMap(Map<K, V> map) {
        return scala.jdk.javaapi.CollectionConverters.asScala(map);
    }
}
