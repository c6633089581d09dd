package lockstep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
        if (!extra.isEmpty()) {
            // Through a properties file, so names and values are parsed and validated as neo4j.conf is.
            Path conf = home.resolve("lockstep-settings.conf");
            StringBuilder text = new StringBuilder();
            extra.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(conf, text.toString());
            builder.loadPropertiesFromFile(conf);
        }
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int bound = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT).getPort();
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + bound);
        System.out.flush();

        // stdin EOF means the parent went away (or asked us to stop): exit, which runs the hook.
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) { /* ignore input */ }
            } catch (IOException ignored) {
                // treat like EOF
            }
            System.exit(0);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        stopped.await();
    }

    private static void fail(String msg) {
        System.err.println("Neo4jLauncher: " + msg);
        System.exit(2);
    }
}
