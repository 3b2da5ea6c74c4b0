package dev.rolloutlab.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;

/** Which local ports can be listened on. */
public final class Ports {

    private Ports() {
    }

    /** True when nothing listens on {@code port}, on loopback or on all interfaces. */
    public static boolean isFree(int port) {
        return canBind(InetAddress.getLoopbackAddress(), port) && canBind(null, port);
    }

    /** The first free port from {@code from} on that is not in {@code taken}. */
    public static int nextFree(int from, Collection<Integer> taken) {
        for (int port = from; port < 65536; port++) {
            if (!taken.contains(port) && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port from " + from);
    }

    private static boolean canBind(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
