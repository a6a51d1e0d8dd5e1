// Starts Temporal's time-skipping test server bound to 127.0.0.1 only.
// The stock io.temporal.testserver.TestServer main binds every interface; this launcher builds
// the same services (TestServicesStarter + health checks) on the loopback address instead.
// Arguments match the stock main, which is what the TypeScript SDK passes: <port> [--enable-time-skipping].
// scripts/provision.sh compiles it into .cache/test-server-launcher.
package dev.greenlight.testserver;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

public final class LoopbackTestServer {
  private LoopbackTestServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("Usage: LoopbackTestServer <port> [--enable-time-skipping]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean enableTimeSkipping = args.length == 2 && args[1].equalsIgnoreCase("--enable-time-skipping");
    if (args.length == 2 && !enableTimeSkipping) {
      System.err.println("Unknown flag " + args[1]);
      System.exit(2);
    }
    // Same as the stock main: time skipping starts locked unless asked for; the SDK unlocks it
    // while a client awaits a workflow result.
    TestServicesStarter services = new TestServicesStarter(!enableTimeSkipping, 0);
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      services.close();
    }));
    server.awaitTermination();
  }
}
