package dev.rolloutlab.gateway.stats;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.inject.Singleton;

/** A live feed of exchanges for the UI; costs nothing while nobody listens. */
@Singleton
public class TrafficEvents {

    private final BroadcastProcessor<Exchange> processor = BroadcastProcessor.create();

    public void publish(Exchange exchange) {
        processor.onNext(exchange);
    }

    public Multi<Exchange> stream() {
        return processor.onOverflow().drop();
    }
}
