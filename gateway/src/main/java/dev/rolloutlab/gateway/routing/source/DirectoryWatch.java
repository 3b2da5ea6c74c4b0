package dev.rolloutlab.gateway.routing.source;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.function.Predicate;

/**
 * Calls back after each batch of changes to the entries of one directory (inotify on Linux, so
 * within milliseconds) that touches an entry the caller cares about, on a thread of its own. It
 * says only that such an entry changed: the caller reads what it cares about anew. Changes to
 * other entries are ignored: the routing file may share its directory with busy log files, whose
 * every line would otherwise cost a read of the routing file. It ends when closed or when the
 * directory goes away ({@link #active()} turns false).
 */
final class DirectoryWatch implements AutoCloseable {

    private final WatchService service;
    private final Predicate<Path> relevant;
    private final Runnable onChange;
    private volatile boolean active = true;

    private DirectoryWatch(WatchService service, Predicate<Path> relevant, Runnable onChange) {
        this.service = service;
        this.relevant = relevant;
        this.onChange = onChange;
    }

    /**
     * Watches {@code dir} for changes to the entries whose names {@code relevant} accepts;
     * IOException when it cannot be watched (it does not exist, say).
     */
    static DirectoryWatch start(Path dir, Predicate<Path> relevant, Runnable onChange) throws IOException {
        WatchService service = dir.getFileSystem().newWatchService();
        try {
            dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        DirectoryWatch watch = new DirectoryWatch(service, relevant, onChange);
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
                if (touchesRelevantEntry(key.pollEvents())) {
                    onChange.run();
                }
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

    /** An overflow (events were lost) counts as relevant: the caller re-reads to be sure. */
    private boolean touchesRelevantEntry(List<WatchEvent<?>> events) {
        for (WatchEvent<?> event : events) {
            if (event.kind() == OVERFLOW || event.context() instanceof Path name && relevant.test(name)) {
                return true;
            }
        }
        return false;
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
