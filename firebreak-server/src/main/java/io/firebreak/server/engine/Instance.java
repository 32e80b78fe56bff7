package io.firebreak.server.engine;

import io.firebreak.server.store.Leases;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * This process as other instances see it in the store: an id unique across restarts
 * ({@code host:pid:random}), what it runs, and when it started.
 */
public record Instance(String id, String host, long pid, String command, String version, Instant started) {

    public static Instance current(String command, Instant now) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        long pid = ProcessHandle.current().pid();
        String version = Instance.class.getPackage().getImplementationVersion();
        return new Instance(host + ":" + pid + ":" + HexFormat.of().formatHex(random), host, pid, command,
                version == null ? "development" : version, now);
    }

    public Leases.InstanceRow row() {
        return new Leases.InstanceRow(id, host, pid, command, version, started, started);
    }
}
