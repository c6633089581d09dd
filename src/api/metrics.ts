import type { RequestHandler } from 'express';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[]; // per bucket, non-cumulative; last slot is +Inf
  sum: number;
  count: number;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Counters and a latency histogram, rendered in the Prometheus text format (0.0.4). */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly counters = { ingested: 0, duplicates: 0, rejected: 0 };

  /** Express middleware: labels by route template (never the raw path, which would be unbounded). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const start = process.hrtime.bigint();
      res.on('finish', () => {
        const route = req.route?.path ? String(req.route.path) : 'unmatched';
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        this.observe(req.method, route, res.statusCode, seconds);
      });
      next();
    };
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method}\u0000${route}\u0000${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const hkey = `${method}\u0000${route}`;
    let h = this.latency.get(hkey);
    if (!h) this.latency.set(hkey, (h = { counts: new Array(BUCKETS.length + 1).fill(0), sum: 0, count: 0 }));
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
    h.counts[i]++;
    h.sum += seconds;
    h.count++;
  }

  ingest(accepted: number, duplicates: number, rejected: number): void {
    this.counters.ingested += accepted;
    this.counters.duplicates += duplicates;
    this.counters.rejected += rejected;
  }

  render(scans: Record<string, number>): string {
    const out: string[] = [];
    out.push('# HELP lockstep_http_requests_total HTTP requests by method, route and status.', '# TYPE lockstep_http_requests_total counter');
    for (const [k, v] of this.requests) {
      const [method, route, status] = k.split('\u0000');
      out.push(`lockstep_http_requests_total{method="${method}",route="${esc(route)}",status="${status}"} ${v}`);
    }
    out.push('# HELP lockstep_http_request_duration_seconds HTTP request latency.', '# TYPE lockstep_http_request_duration_seconds histogram');
    for (const [k, h] of this.latency) {
      const [method, route] = k.split('\u0000');
      const labels = `method="${method}",route="${esc(route)}"`;
      let cum = 0;
      BUCKETS.forEach((b, i) => {
        cum += h.counts[i];
        out.push(`lockstep_http_request_duration_seconds_bucket{${labels},le="${b}"} ${cum}`);
      });
      out.push(`lockstep_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${h.count}`);
      out.push(`lockstep_http_request_duration_seconds_sum{${labels}} ${h.sum}`);
      out.push(`lockstep_http_request_duration_seconds_count{${labels}} ${h.count}`);
    }
    out.push('# HELP lockstep_events_ingested_total Events accepted by POST /v1/events.', '# TYPE lockstep_events_ingested_total counter', `lockstep_events_ingested_total ${this.counters.ingested}`);
    out.push('# HELP lockstep_events_duplicate_total Events ignored as already stored.', '# TYPE lockstep_events_duplicate_total counter', `lockstep_events_duplicate_total ${this.counters.duplicates}`);
    out.push('# HELP lockstep_events_rejected_total Records rejected as invalid.', '# TYPE lockstep_events_rejected_total counter', `lockstep_events_rejected_total ${this.counters.rejected}`);
    out.push('# HELP lockstep_scans Scans known to this process, by status.', '# TYPE lockstep_scans gauge');
    for (const [status, n] of Object.entries(scans)) out.push(`lockstep_scans{status="${status}"} ${n}`);
    return out.join('\n') + '\n';
  }
}
