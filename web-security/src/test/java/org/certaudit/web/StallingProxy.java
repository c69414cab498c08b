package org.certaudit.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a store that can be made to stall as a paused process does (the
 * command side stopped with {@code SIGSTOP} while it hosts the embedded store): while stalled, connections open and
 * new ones are accepted, but no byte goes either way, so a client waiting for an answer waits until its own timeout.
 * What was held back is passed on when the proxy resumes. Shared with both sides' tests through this module's test jar.
 */
public final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean stalled;
    private volatile boolean closed;

    /** Forwards {@code 127.0.0.1:}{@link #port()} to {@code 127.0.0.1:targetPort}. */
    private StallingProxy(int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        daemon("stalling-proxy-accept", this::accept);
    }

    /**
     * A proxy forwarding to {@code 127.0.0.1:targetPort}, on a free loopback port of its own.
     *
     * @throws IllegalStateException when no port can be opened
     */
    public static StallingProxy to(int targetPort) {
        try {
            return new StallingProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("could not open the proxy's port", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on nothing is forwarded, on open connections or new ones. */
    public void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    /** Forwards again, what was held back first. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resume();
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(client);
            daemon("stalling-proxy-connect", () -> {
                try {
                    awaitForwarding();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    sockets.add(upstream);
                    daemon("stalling-proxy-up", () -> pump(client, upstream));
                    pump(upstream, client);
                } catch (IOException | InterruptedException e) {
                    closeQuietly(client);
                }
            });
        }
    }

    /** Copies {@code from} to {@code to} until either ends, holding each chunk while stalled. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitForwarding();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side went away: end both, as a connection does
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitForwarding() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait();
            }
        }
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.remove(socket);
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
