import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../engine/events.js';
import { LiveView } from '../../../engine/report/live.js';

// listr2's test renderer prints one line per listr event; we check the titles the view settles on.
async function render(events: RunEvent[]): Promise<string> {
  const lines: string[] = [];
  const chunks: string[] = [];
  const capture = ((chunk: string) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    const view = new LiveView((l) => lines.push(l), 'test');
    for (const e of events) view.listener(e);
    await view.flush();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return [...lines, ...chunks].join('\n');
}

describe('LiveView', () => {
  it.each<[string, RunEvent[], string[]]>([
    [
      'a task with a changed host and an ok host',
      [
        { type: 'play_start', play: 'deploy', hosts: ['h1', 'h2'] },
        { type: 'task_start', play: 'deploy', task: 'install', handler: false },
        { type: 'host_result', task: 'install', host: 'h2', status: 'ok', noLog: false },
        { type: 'host_result', task: 'install', host: 'h1', status: 'changed', noLog: false },
        { type: 'run_end', exitCode: 0 },
      ],
      ['PLAY [deploy]', 'task install', 'h1: changed', 'h2: ok'],
    ],
    [
      'a failure with its message, and a host that never ran',
      [
        { type: 'play_start', play: 'deploy', hosts: ['h1', 'h2'] },
        { type: 'task_start', play: 'deploy', task: 'start', role: 'etcd', handler: false },
        { type: 'host_result', task: 'start', host: 'h1', status: 'failed', msg: 'rc 1', noLog: false },
        { type: 'run_end', exitCode: 2 },
      ],
      ['task etcd : start', 'h1: FAILED (rc 1)', 'h2: not run'],
    ],
  ])('%s', async (_name, events, expected) => {
    const out = await render(events);
    for (const text of expected) expect(out).toContain(text);
  });
});
