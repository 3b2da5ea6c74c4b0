package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.stats.Exchange;
import dev.rolloutlab.gateway.stats.TrafficEvents;
import dev.rolloutlab.gateway.stats.TrafficStats;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/** Hands each finished exchange to the stats window and the live event stream. */
@Singleton
public class ExchangeRecorder implements Consumer<Exchange> {

    private final TrafficStats stats;
    private final TrafficEvents events;

    ExchangeRecorder(TrafficStats stats, TrafficEvents events) {
        this.stats = stats;
        this.events = events;
    }

    @Override
    public void accept(Exchange exchange) {
        stats.record(exchange);
        events.publish(exchange);
    }
}
