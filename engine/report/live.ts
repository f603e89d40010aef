import { Listr, type ListrRendererValue } from 'listr2';
import type { HostResult, HostStatus, RunEvent } from '../events.js';
import { banner } from './plain.js';

// The live view on a terminal: one listr2 list per task, a line per host that fills in as results arrive.
// listr2 drives promises, the executor emits events: each host line is a promise resolved by its result.

interface PendingHost {
  resolve: (result: HostResult | undefined) => void;
}

const symbols: Record<HostStatus, string> = {
  ok: 'ok',
  changed: 'changed',
  failed: 'FAILED',
  skipped: 'skipping',
  unreachable: 'UNREACHABLE',
  rescued: 'rescued',
  ignored: 'failed, ignored',
};

function hostTitle(host: string, result: HostResult | undefined): string {
  if (!result) return `${host}: not run`;
  const detail = result.msg && (result.status === 'failed' || result.status === 'unreachable') ? ` (${result.msg})` : '';
  return `${host}: ${symbols[result.status]}${detail}`;
}

export class LiveView {
  private hosts: string[] = [];
  private pending = new Map<string, PendingHost>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (line: string) => void,
    private readonly renderer: ListrRendererValue = 'default',
  ) {}

  listener = (event: RunEvent): void => {
    switch (event.type) {
      case 'play_start':
        this.endTask();
        this.hosts = event.hosts;
        this.print(banner(`PLAY [${event.play}]`));
        break;
      case 'batch_start':
        this.endTask();
        this.hosts = event.hosts;
        this.print(
          `batch ${event.index}/${event.count}: ${event.hosts.join(', ')}` +
            (event.votersUp !== undefined && event.quorum !== undefined
              ? ` — ${event.votersUp} voters up, quorum ${event.quorum}, margin ${event.votersUp - event.quorum}`
              : ''),
        );
        break;
      case 'task_start':
        this.endTask();
        this.startTask(`${event.handler ? 'handler' : 'task'} ${event.role ? `${event.role} : ` : ''}${event.task}`);
        break;
      case 'host_result':
        if (event.item === undefined) this.pending.get(event.host)?.resolve(event);
        break;
      case 'gate':
        this.print(`gate ${event.status} [${event.cluster}]: ${event.detail}`);
        break;
      case 'leader_moved':
        this.print(`leadership moved [${event.cluster}]: ${event.from} -> ${event.to}`);
        break;
      case 'warning':
        this.print(`warning: ${event.message}`);
        break;
      case 'run_end':
        this.endTask();
        break;
      case 'run_start':
        break;
    }
  };

  /** Resolves when everything received so far has been drawn. */
  flush(): Promise<void> {
    return this.chain;
  }

  private print(line: string): void {
    this.chain = this.chain.then(() => this.write(line));
  }

  private startTask(title: string): void {
    const waits = this.hosts.map((host) => {
      let resolve!: (result: HostResult | undefined) => void;
      const done = new Promise<HostResult | undefined>((r) => (resolve = r));
      this.pending.set(host, { resolve });
      return { host, done };
    });
    const list = new Listr(
      [
        {
          title,
          task: (_ctx, task) =>
            task.newListr(
              waits.map(({ host, done }) => ({
                title: `${host}: running`,
                task: async (_c, hostTask) => {
                  const result = await done;
                  hostTask.title = hostTitle(host, result);
                  if (!result || result.status === 'skipped') hostTask.skip(hostTask.title);
                  if (result && (result.status === 'failed' || result.status === 'unreachable')) {
                    throw new Error(hostTask.title);
                  }
                },
              })),
              { concurrent: true, exitOnError: false },
            ),
        },
      ],
      { renderer: this.renderer, exitOnError: false, collectErrors: false },
    );
    this.chain = this.chain.then(() => list.run().then(() => undefined));
  }

  /** Hosts that got no result for the task (not in this batch, or failed earlier) are closed as not run. */
  private endTask(): void {
    for (const { resolve } of this.pending.values()) resolve(undefined);
    this.pending.clear();
  }
}
