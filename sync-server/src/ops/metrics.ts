import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What the relay reports to Prometheus at `/metrics` (docs/operations.md), with prom-client: the
 * process's own figures (event-loop lag, heap, CPU, handles) and the relay's — sockets, docs in
 * memory, writes received, acks and refusals by code, commit latency. One registry per app, so
 * tests and several apps in one process don't share counters.
 */
export class RelayMetrics {
  readonly registry = new Registry();
  readonly writes: Counter;
  readonly acks: Counter;
  readonly refusals: Counter<'code'>;
  readonly commitSeconds: Histogram;
  readonly fanOutLagSeconds: Histogram;

  constructor(sources: { connections: () => number; docsLoaded: () => number }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'thongsuot_' });
    new Gauge({
      name: 'thongsuot_connections',
      help: 'Open sync sockets.',
      registers,
      collect() {
        this.set(sources.connections());
      },
    });
    new Gauge({
      name: 'thongsuot_docs_loaded',
      help: 'Docs held in memory by the relay.',
      registers,
      collect() {
        this.set(sources.docsLoaded());
      },
    });
    this.writes = new Counter({ name: 'thongsuot_writes_total', help: 'Writes (sync updates) received.', registers });
    this.acks = new Counter({
      name: 'thongsuot_acks_total',
      help: 'Writes acknowledged after their commit.',
      registers,
    });
    this.refusals = new Counter({
      name: 'thongsuot_refusals_total',
      help: 'Frames refused, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.fanOutLagSeconds = new Histogram({
      name: 'thongsuot_fanout_lag_seconds',
      help: 'Time from a committed update published to its frames queued on this node’s sockets.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'thongsuot_commit_seconds',
      help: 'Time from a checked write to its commit on disk.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }
}
