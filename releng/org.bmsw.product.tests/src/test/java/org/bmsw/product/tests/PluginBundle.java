package org.bmsw.product.tests;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One bundle of a built product (a jar or an unpacked folder under {@code plugins/}): its manifest headers, split
 * into clauses, and the packages its classes refer to.
 */
record PluginBundle(Path location, String symbolicName, Attributes manifest) {

    /** A package name with an {@code internal} segment, e.g. {@code org.bmsw.transport.internal.slcan}. */
    private static final Pattern INTERNAL_SEGMENT = Pattern.compile("(^|\\.)internal(\\.|$)");
    /** A type in a descriptor or signature: {@code Lorg/bmsw/x/Y;} or {@code Lorg/bmsw/x/Y<}. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    /** Every bundle in {@code pluginsDir}, sorted by file name. */
    static List<PluginBundle> all(Path pluginsDir) throws IOException {
        List<PluginBundle> bundles = new ArrayList<>();
        try (Stream<Path> plugins = Files.list(pluginsDir)) {
            for (Path plugin : plugins.sorted().toList()) {
                Attributes manifest = readManifest(plugin);
                String name = manifest == null ? null : manifest.getValue("Bundle-SymbolicName");
                if (name != null) {
                    bundles.add(new PluginBundle(plugin, name.split(";")[0].trim(), manifest));
                }
            }
        }
        return bundles;
    }

    private static Attributes readManifest(Path plugin) throws IOException {
        if (Files.isDirectory(plugin)) {
            Path file = plugin.resolve("META-INF/MANIFEST.MF");
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return new Manifest(in).getMainAttributes();
            }
        }
        if (!plugin.toString().endsWith(".jar")) {
            return null;
        }
        try (JarFile jar = new JarFile(plugin.toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest == null ? null : manifest.getMainAttributes();
        }
    }

    static boolean isInternalName(String packageName) {
        return INTERNAL_SEGMENT.matcher(packageName).find();
    }

    /** The clauses of {@code header}, e.g. {@code org.bmsw.sim;version="0.1.0"}; empty when it is absent. */
    List<String> clauses(String header) {
        return BundleRulesTest.clauses(manifest.getValue(header)).stream().filter(c -> !c.isEmpty()).toList();
    }

    /** The first name of a clause: the package or bundle it is about. */
    static String nameOf(String clause) {
        return clause.split(";")[0].trim();
    }

    /** Whether an export clause hides its package from other bundles: x-internal or x-friends. */
    static boolean hidesExport(String clause) {
        String compact = clause.replace(" ", "");
        return compact.contains("x-internal:=true") || compact.contains("x-friends:=");
    }

    Set<String> exportedPackages() {
        Set<String> packages = new TreeSet<>();
        clauses("Export-Package").forEach(clause -> packages.add(nameOf(clause)));
        return packages;
    }

    /** The packages this bundle exports that are not for others: named {@code internal}, x-internal or x-friends. */
    Set<String> internalExports() {
        Set<String> packages = new TreeSet<>();
        for (String clause : clauses("Export-Package")) {
            if (isInternalName(nameOf(clause)) || hidesExport(clause)) {
                packages.add(nameOf(clause));
            }
        }
        return packages;
    }

    /** The bundles named in Require-Bundle with {@code visibility:=reexport}. */
    List<String> reexportedBundles() {
        return clauses("Require-Bundle").stream().filter(c -> c.replace(" ", "").contains("visibility:=reexport"))
                .map(PluginBundle::nameOf).toList();
    }

    /**
     * The packages (dotted) of the types this bundle's class files refer to, each with one class that refers to it,
     * read from the constant pools (class entries, field and method descriptors, generic signatures).
     */
    java.util.Map<String, String> referencedPackages() throws IOException {
        java.util.Map<String, String> packages = new java.util.TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        collectReferences(in, location.relativize(file).toString(), packages);
                    }
                }
            }
            return packages;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        collectReferences(in, entry.getName(), packages);
                    }
                }
            }
        }
        return packages;
    }

    /** The packages of the classes this bundle holds. */
    Set<String> ownPackages() throws IOException {
        Set<String> packages = new TreeSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .forEach(f -> packages.add(packageOf(location.relativize(f).toString())));
            }
            return packages;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            jar.stream().filter(e -> e.getName().endsWith(".class")).forEach(e -> packages.add(packageOf(e.getName())));
        }
        return packages;
    }

    private static String packageOf(String binaryName) {
        int slash = binaryName.lastIndexOf('/');
        return slash < 0 ? "" : binaryName.substring(0, slash).replace('/', '.');
    }

    /** Reads a class file's constant pool (JVMS 4.4) and notes the package of every type named in it. */
    private static void collectReferences(InputStream in, String classFile, java.util.Map<String, String> packages)
            throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != 0xCAFEBABE) {
            throw new IOException(classFile + ": not a class file");
        }
        data.readUnsignedShort(); // minor
        data.readUnsignedShort(); // major
        int count = data.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNameIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = data.readUnsignedByte();
            switch (tag) {
            case 1 -> utf8[i] = data.readUTF();
            case 7 -> classNameIndexes.add(data.readUnsignedShort()); // Class
            case 8, 16, 19, 20 -> data.readUnsignedShort(); // String, MethodType, Module, Package
            case 3, 4 -> data.readInt(); // Integer, Float
            case 5, 6 -> { // Long, Double take two slots
                data.readLong();
                i++;
            }
            case 9, 10, 11, 12, 17, 18 -> data.readInt(); // refs, NameAndType, Dynamic, InvokeDynamic
            case 15 -> { // MethodHandle
                data.readUnsignedByte();
                data.readUnsignedShort();
            }
            default -> throw new IOException(classFile + ": unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        String className = classFile.replace('/', '.').replaceAll("\\.class$", "");
        for (int index : classNameIndexes) {
            String name = utf8[index];
            if (name != null && !name.startsWith("[")) {
                packages.putIfAbsent(packageOf(name), className);
            }
        }
        for (String text : utf8) { // descriptors and signatures, also of array class entries
            if (text != null && text.indexOf('L') >= 0 && (text.indexOf(';') >= 0 || text.indexOf('<') >= 0)) {
                Matcher type = TYPE_IN_DESCRIPTOR.matcher(text);
                while (type.find()) {
                    packages.putIfAbsent(packageOf(type.group(1)), className);
                }
            }
        }
    }
}
