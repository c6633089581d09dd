package lockstep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A throwaway Neo4j Community server for tests and benchmarks: embedded, Bolt on loopback, auth off.
 *
 * Usage: Neo4jLauncher --home DIR [--port N (0 = any free port)] [--pagecache BYTES] [--set NAME=VALUE]...
 *
 * --set passes any Neo4j setting (as in neo4j.conf); an unknown name or bad value fails the start.
 *
 * Prints one line "NEO4J_READY bolt://127.0.0.1:PORT" on stdout once Bolt accepts connections.
 * The line "reset" on stdin replaces every database with an empty one in the same JVM (same port),
 * then prints the ready line again: a fresh database on a warm server, for benchmarks.
 * Shuts down cleanly on SIGTERM/SIGINT or when stdin closes (so it never outlives its parent).
 * The home directory is kept: the caller owns it (it may restart on the same data).
 */
public final class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        Path home = null;
        int port = 0;
        long pagecache = 256L << 20;
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pagecache" -> pagecache = Long.parseLong(args[++i]);
                case "--set" -> {
                    String kv = args[++i];
                    int eq = kv.indexOf('=');
                    if (eq <= 0) fail("--set needs NAME=VALUE, got " + kv);
                    extra.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (home == null) fail("--home DIR is required");
        Files.createDirectories(home);

        Path settingsFile = null;
        if (!extra.isEmpty()) {
            // Through a properties file, so names and values are parsed and validated as neo4j.conf is.
            settingsFile = home.resolve("lockstep-settings.conf");
            StringBuilder text = new StringBuilder();
            extra.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(settingsFile, text.toString());
        }

        Server server = new Server(home, pagecache, settingsFile);
        int bound = server.start(port);
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + bound);
        System.out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        // Commands on stdin, one per line: "reset" replaces the database with an empty one in this same
        // JVM (its compiled code stays warm), then prints the ready line again. EOF means the parent went
        // away (or asked us to stop): exit, which runs the hook.
        Thread watcher = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.trim().equals("reset")) {
                        server.reset(bound);
                        System.out.println("NEO4J_READY bolt://127.0.0.1:" + bound);
                        System.out.flush();
                    }
                }
            } catch (Exception e) {
                System.err.println("Neo4jLauncher: " + e);
            }
            System.exit(0);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        stopped.await();
    }

    /** The embedded DBMS, restartable on an empty data directory. */
    private static final class Server {
        private final Path home;
        private final long pagecache;
        private final Path settingsFile;
        private DatabaseManagementService dbms;

        Server(Path home, long pagecache, Path settingsFile) {
            this.home = home;
            this.pagecache = pagecache;
            this.settingsFile = settingsFile;
        }

        /** Starts the DBMS with Bolt on the given port (0 = any free one); returns the bound port. */
        synchronized int start(int port) {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                    // Tests and benchmarks never need old transaction logs; keep the data dir small.
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                    .setConfig(GraphDatabaseSettings.udc_enabled, false);
            if (settingsFile != null) builder.loadPropertiesFromFile(settingsFile);
            dbms = builder.build();
            GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            return db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT).getPort();
        }

        synchronized void stop() {
            if (dbms != null) dbms.shutdown();
            dbms = null;
        }

        /** Shuts down, deletes every database (data/), and starts again on the same port. */
        synchronized void reset(int port) throws IOException {
            stop();
            Path data = home.resolve("data");
            if (Files.exists(data)) {
                try (Stream<Path> paths = Files.walk(data)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
            start(port);
        }
    }

    private static void fail(String msg) {
        System.err.println("Neo4jLauncher: " + msg);
        System.exit(2);
    }
}
