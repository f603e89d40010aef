import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { endpointRewriter, rewriteEndpoints } from '../../../engine/etcdctl/endpoint-rewrite.js';

const names = new Map([
  [40123, 'https://10.0.0.1:2379'],
  [4012, 'https://10.0.0.2:2379'],
]);

describe('rewriteEndpoints', () => {
  it.each([
    { input: 'https://127.0.0.1:40123 is healthy: took 3ms', output: 'https://10.0.0.1:2379 is healthy: took 3ms' },
    { input: 'https://127.0.0.1:4012, 8e9e05c52164694d, 3.4.23', output: 'https://10.0.0.2:2379, 8e9e05c52164694d, 3.4.23' },
    { input: '{"Endpoint":"https://127.0.0.1:40123"}', output: '{"Endpoint":"https://10.0.0.1:2379"}' },
    { input: 'dial tcp 127.0.0.1:4012: connect: connection refused', output: 'dial tcp 10.0.0.2:2379: connect: connection refused' },
    { input: 'https://127.0.0.1:2379 is not a tunnel', output: 'https://127.0.0.1:2379 is not a tunnel' },
    { input: 'https://127.0.0.1:401234 is longer', output: 'https://127.0.0.1:401234 is longer' },
  ])('$input', ({ input, output }) => {
    expect(rewriteEndpoints(input, names)).toBe(output);
  });
});

describe('endpointRewriter', () => {
  it.each([
    { chunks: ['https://127.0.0.1:40', '123 is healthy\n'], output: 'https://10.0.0.1:2379 is healthy\n' },
    { chunks: ['a\nhttps://127.0.0.1:4012', ' without newline'], output: 'a\nhttps://10.0.0.2:2379 without newline' },
    { chunks: [], output: '' },
  ])('$chunks', async ({ chunks, output }) => {
    const rewritten = Readable.from(chunks.map((c) => Buffer.from(c))).pipe(endpointRewriter(names));
    expect(await text(rewritten)).toBe(output);
  });
});
