package dev.rolloutlab.gateway.routing.source;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Calls back after each batch of changes to the entries of one directory (inotify on Linux, so
 * within milliseconds), on a thread of its own. It says only that something changed, not what:
 * the caller reads what it cares about anew. It ends when closed or when the directory goes away
 * ({@link #active()} turns false).
 */
final class DirectoryWatch implements AutoCloseable {

    private final WatchService service;
    private final Runnable onChange;
    private volatile boolean active = true;

    private DirectoryWatch(WatchService service, Runnable onChange) {
        this.service = service;
        this.onChange = onChange;
    }

    /** Watches {@code dir}; IOException when it cannot be watched (it does not exist, say). */
    static DirectoryWatch start(Path dir, Runnable onChange) throws IOException {
        WatchService service = dir.getFileSystem().newWatchService();
        try {
            dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        DirectoryWatch watch = new DirectoryWatch(service, onChange);
        Thread thread = new Thread(watch::run, "routing-file-watch");
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    boolean active() {
        return active;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                key.pollEvents(); // which entries changed does not matter: the caller re-reads its file
                onChange.run();
                if (!key.reset()) {
                    return; // the directory is gone
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: done
        } finally {
            active = false;
        }
    }

    @Override
    public void close() {
        active = false;
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
