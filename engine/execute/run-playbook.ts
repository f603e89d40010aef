import { EventBus } from '../events.js';
import { ExitCode } from '../exit-codes.js';
import type { Inventory } from '../inventory/index.js';
import type { Playbook } from '../load/types.js';
import type { TemplateEngine } from '../template/engine.js';
import { HostStates } from './host-state.js';
import type { RunContext } from './run-context.js';
import type { ConnectionProvider, ModuleLookup, RunOptions } from './run-options.js';
import { runPlay } from './run-play.js';
import { groupsOf } from './run-groups.js';

export { groupsOf };

// A whole playbook: its plays in order, and the exit code ansible-playbook would give.

export interface PlaybookRun {
  playbook: Playbook;
  inventory: Inventory;
  options: RunOptions;
  modules: ModuleLookup;
  connections: ConnectionProvider;
  engine: TemplateEngine;
  bus?: EventBus;
}

export interface RunOutcome {
  exitCode: number;
  failedHosts: string[];
  unreachableHosts: string[];
  /** Why a rolling rollout stopped short, one sentence per cluster. */
  halts: string[];
}

export async function runPlaybook(input: PlaybookRun): Promise<RunOutcome> {
  const bus = input.bus ?? new EventBus();
  const run: RunContext = {
    playbook: input.playbook,
    inventory: input.inventory,
    options: input.options,
    modules: input.modules,
    connections: input.connections,
    bus,
    engine: input.engine,
    hosts: new HostStates(),
    groups: groupsOf(input.inventory),
    halts: [],
    varsFiles: new Map(),
  };
  bus.emit({ type: 'run_start', playbook: input.playbook.path, check: input.options.check, diff: input.options.diff });
  const touched = new Set<string>();
  bus.subscribe((e) => {
    if (e.type === 'play_start') for (const h of e.hosts) touched.add(h);
  });
  // The connections are the caller's (it made the provider and closes it in its own `finally`).
  for (const play of input.playbook.plays) {
    // An interrupt during a rollout lets it finish its batch; nothing after it starts.
    const interrupted = input.options.interrupts?.requested;
    if (interrupted !== undefined) {
      const why = `interrupted (${interrupted}): play '${play.name ?? play.hosts}' and the plays after it were not started`;
      input.options.interrupts!.stopped.push(why);
      run.halts.push(why);
      bus.emit({ type: 'warning', message: why });
      break;
    }
    if (await runPlay(run, play)) break;
  }
  const failedHosts = [...touched].filter((h) => run.hosts.of(h).failed);
  const unreachableHosts = [...touched].filter((h) => run.hosts.of(h).unreachable);
  // Stopped by an interrupt and by nothing else: interrupted (a failure or a halted gate says more, and wins).
  const stopped = input.options.interrupts?.stopped ?? [];
  const onlyInterrupted = run.halts.length > 0 && failedHosts.length === 0 && run.halts.every((halt) => stopped.includes(halt));
  const exitCode = onlyInterrupted
    ? ExitCode.interrupted
    : failedHosts.length > 0 || run.halts.length > 0
      ? ExitCode.hostFailed
      : unreachableHosts.length > 0
        ? ExitCode.hostUnreachable
        : ExitCode.ok;
  bus.emit({ type: 'run_end', exitCode });
  return { exitCode, failedHosts, unreachableHosts, halts: run.halts };
}
