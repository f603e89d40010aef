import { Transform, type TransformCallback } from 'node:stream';

// Through tunnels etcdctl only knows 127.0.0.1:<port> endpoints, and prints them (`endpoint status`,
// `endpoint health`). An SRE wants the member's own URL there: each tunnel endpoint is replaced by the client
// URL it stands for, whole lines at a time so that a URL split across two chunks is still found.

/** Tunnel port -> the member's client URL (https://10.0.0.1:2379). */
export type EndpointNames = ReadonlyMap<number, string>;

// A port is matched whole (40123 never as 4012); the scheme is optional since gRPC's messages print host:port.
const TUNNEL_ENDPOINT = /(https?:\/\/)?127\.0\.0\.1:(\d+)(?!\d)/g;

/** Pure: `text` with each tunnel endpoint replaced by the member URL (or host:port) it stands for. */
export function rewriteEndpoints(text: string, names: EndpointNames): string {
  return text.replace(TUNNEL_ENDPOINT, (whole, scheme: string | undefined, port: string) => {
    const member = names.get(Number(port));
    if (member === undefined) return whole;
    return scheme ? member : new URL(member).host;
  });
}

/** A stream that rewrites whole lines; what is left without a newline at the end is rewritten on flush. */
export function endpointRewriter(names: EndpointNames): Transform {
  let pending = '';
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      pending += chunk.toString('utf8');
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) return done();
      const lines = pending.slice(0, cut + 1);
      pending = pending.slice(cut + 1);
      done(null, rewriteEndpoints(lines, names));
    },
    flush(done: TransformCallback) {
      done(null, pending === '' ? undefined : rewriteEndpoints(pending, names));
    },
  });
}
