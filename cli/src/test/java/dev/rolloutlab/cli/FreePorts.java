package dev.rolloutlab.cli;

import dev.rolloutlab.cli.local.Ports;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for a local mode under test, clear of a demo on 8080-8084 and of other builds' tests. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port with the next {@code size - 1} free too: the gateway takes it, the instances the ones
     * after it. Below 32768, where the kernel picks the local ports of outgoing connections: a
     * block there can be taken by a load's connection between this check and the start.
     */
    static int block(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 32000);
            boolean free = true;
            for (int p = base; p < base + size && free; p++) {
                free = Ports.isFree(p);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + size + " free ports found");
    }
}
