/** The part of autocannon 9's programmatic API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  function autocannon(opts: autocannon.Options): autocannon.Instance;
  namespace autocannon {
    interface Percentiles {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
    }
    /** One entry of `requests`: fixed fields, or built per request by `setupRequest`. */
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      /** Called before each request with the connection's context (a fresh copy of `initialContext` each time the list starts over); returns the request to send. */
      setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
      /** Called with each answer, before the next request is built. */
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
    }
    /**
     * One connection. Undocumented, but stable in autocannon 9: it is an EventEmitter
     * (`timeout`, `connError`), and its requestIterator holds the context of the request in flight.
     */
    interface Client {
      on(event: 'timeout' | 'connError', listener: (err?: Error) => void): this;
      requestIterator?: { context: Record<string, unknown>; initialContext: Record<string, unknown> };
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      pipelining?: number;
      timeout?: number;
      headers?: Record<string, string>;
      requests?: Request[];
      initialContext?: Record<string, unknown>;
      /** Called once per connection as it is created. */
      setupClient?: (client: Client) => void;
      /** Requests per second over all connections (each connection gets its share per second). */
      overallRate?: number;
    }
    interface Result {
      url: string;
      duration: number;
      latency: Percentiles;
      requests: Percentiles;
      throughput: Percentiles;
      /** Connection errors and timeouts (a timeout counts in both `errors` and `timeouts`). */
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
    }
    /** Without a callback autocannon returns its tracker, which is also a promise of the result. */
    interface Instance extends PromiseLike<Result> {
      stop(): void;
      /** Every response: status code, bytes and the response time in (fractional) milliseconds. */
      on(event: 'response', listener: (client: Client, statusCode: number, resBytes: number, responseTimeMs: number) => void): this;
    }
  }
  export = autocannon;
}
