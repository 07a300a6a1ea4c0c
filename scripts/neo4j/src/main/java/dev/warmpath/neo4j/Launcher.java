package dev.warmpath.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community embedded with a Bolt connector on loopback, for machines that have no
 * container engine. Neo4j's own log goes to stderr; stdout carries only the ready line, which
 * scripts/neo4j/start.sh waits for.
 *
 * <p>Settings, all optional, from the environment:
 *
 * <ul>
 *   <li>{@code NEO4J_BOLT_PORT}: Bolt port on 127.0.0.1, default 7687.
 *   <li>{@code NEO4J_DATA_DIR}: home of the store, logs and system database, default {@code
 *       .neo4j/data} under the working directory.
 *   <li>{@code NEO4J_PASSWORD}: password of the {@code neo4j} user, default {@code warmpath-dev};
 *       applied at every start, so changing it needs only a restart.
 *   <li>{@code NEO4J_PAGECACHE}: page cache size, default {@code 1g}.
 *   <li>{@code NEO4J_TX_MEMORY}: cap on the memory of all running transactions together, default
 *       Neo4j's (70% of the heap); {@code 0} lifts it for big imports.
 *   <li>{@code NEO4J_GDS_PLUGIN_DIR}: folder holding the Graph Data Science jars; when set, their
 *       procedures are loaded and allowed unrestricted access, as GDS requires.
 * </ul>
 */
public final class Launcher {
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration DATABASE_START_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration BOLT_START_TIMEOUT = Duration.ofSeconds(30);

  // Neo4j refuses to "change" a password to the one it already has, and says so in this message.
  private static final String SAME_PASSWORD_MESSAGE =
      "Old password and new password cannot be the same";

  private Launcher() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (Throwable error) {
      // Neo4j's non-daemon threads would keep a half-started JVM alive; exit so start.sh sees it.
      error.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws InterruptedException {
    int boltPort = Integer.parseInt(env("NEO4J_BOLT_PORT", "7687"));
    Path home = Path.of(env("NEO4J_DATA_DIR", ".neo4j/data")).toAbsolutePath();
    String password = env("NEO4J_PASSWORD", "warmpath-dev");

    DatabaseManagementService managementService = buildManagementService(home, boltPort);
    Thread stop = new Thread(() -> shutDown(managementService), "neo4j-stop");
    Runtime.getRuntime().addShutdownHook(stop);

    awaitDefaultDatabase(managementService);
    setPassword(managementService.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
    awaitBolt(boltPort);
    System.out.println("neo4j ready bolt://" + LOOPBACK + ":" + boltPort);
    System.out.flush();

    // Neo4j's own threads would keep the JVM alive too; waiting here makes that explicit.
    new CountDownLatch(1).await();
  }

  private static DatabaseManagementService buildManagementService(Path home, int boltPort) {
    DatabaseManagementServiceBuilder builder =
        new DatabaseManagementServiceBuilder(home)
            .setUserLogProvider(new Log4jLogProvider(System.err, Level.INFO))
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(LOOPBACK, boltPort))
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, bytes("NEO4J_PAGECACHE", "1g"))
            // A development store: keep only the newest transaction log instead of two days' worth,
            // so repeated bulk imports do not fill the disk. Recovery needs no more than that.
            .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            // Bolt's two Netty loops each wait out a 5 s quiet period on shutdown, one after the
            // other; 1 s keeps a stop short, and nothing on loopback needs the grace.
            .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1);

    String txMemory = System.getenv("NEO4J_TX_MEMORY");
    if (txMemory != null && !txMemory.isBlank()) {
      long txMemoryBytes = parseBytes(txMemory);
      builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txMemoryBytes);
    }

    String gdsPluginDir = System.getenv("NEO4J_GDS_PLUGIN_DIR");
    if (gdsPluginDir != null && !gdsPluginDir.isBlank()) {
      builder
          .setConfig(GraphDatabaseSettings.plugin_dir, Path.of(gdsPluginDir).toAbsolutePath())
          .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
    }

    return builder.build();
  }

  private static void awaitDefaultDatabase(DatabaseManagementService managementService) {
    String name = GraphDatabaseSettings.DEFAULT_DATABASE_NAME;
    if (!managementService.database(name).isAvailable(DATABASE_START_TIMEOUT.toMillis())) {
      throw new IllegalStateException(
          "database " + name + " not available after " + DATABASE_START_TIMEOUT.toSeconds() + " s");
    }
  }

  /**
   * Sets the password and clears the "change required" flag a fresh system database puts on the
   * neo4j user, which would otherwise make every driver session fail until someone changed it.
   */
  private static void setPassword(GraphDatabaseService system, String password) {
    try {
      system.executeTransactionally(
          "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
          Map.of("password", password));
    } catch (QueryExecutionException error) {
      if (!isSamePassword(error)) {
        throw error;
      }
      // Already this password: only the "change required" flag may still need clearing.
      system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
    }
  }

  private static boolean isSamePassword(QueryExecutionException error) {
    return String.valueOf(error.getMessage()).contains(SAME_PASSWORD_MESSAGE);
  }

  /** Bolt starts with the management service; this confirms it accepts connections. */
  private static void awaitBolt(int boltPort) throws InterruptedException {
    long deadline = System.nanoTime() + BOLT_START_TIMEOUT.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(LOOPBACK, boltPort), 1_000);
        return;
      } catch (IOException error) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("bolt not accepting on port " + boltPort, error);
        }
        Thread.sleep(200);
      }
    }
  }

  private static void shutDown(DatabaseManagementService managementService) {
    System.err.println("neo4j stopping");
    managementService.shutdown();
    System.err.println("neo4j stopped");
  }

  private static long bytes(String name, String fallback) {
    return parseBytes(env(name, fallback));
  }

  /** Accepts Neo4j's sizes ("512m", "2g") and the JVM's upper-case spelling ("2G"). */
  private static long parseBytes(String value) {
    return ByteUnit.parse(value.trim().toLowerCase());
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);

    return value == null || value.isBlank() ? fallback : value;
  }
}
