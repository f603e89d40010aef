import { EventBus, type RunEvent } from '../events.js';
import { createTemplateEngine } from '../template/engine.js';
import { jsonLinesReporter } from '../report/json-lines.js';
import { SecretMasker } from '../report/mask.js';
import { plainReporter } from '../report/plain.js';
import { Recap } from '../report/recap.js';
import { modules } from '../modules/registry.js';
import type { ModuleName } from '../modules/names.js';
import { resolveBecomePassword } from '../connect/become-password.js';
import { connectionProvider } from './connection-provider.js';
import { type Interrupts, processInterrupts } from './interrupts.js';
import { prepareRun } from './prepare-run.js';
import type { RunOptions } from './run-options.js';
import { runPlaybook } from './run-playbook.js';

// What `quorum run` does once its options are parsed: load, wire the views, run, and give the exit code.

export interface ExecuteRequest {
  playbook: string;
  inventory: readonly string[];
  extraVars: readonly string[];
  rolesPath: readonly string[];
  options: Omit<RunOptions, 'extraVars' | 'becomePassword'>;
  output: 'live' | 'plain' | 'json';
  acceptNewHostKeys: boolean;
  askBecomePass: boolean;
  /** Where Ctrl-C and SIGTERM arrive (interrupts.ts): the process's own unless a test gives its own. */
  interrupts?: Interrupts;
}

export async function executeRun(request: ExecuteRequest): Promise<number> {
  const interrupts = request.interrupts ?? processInterrupts;
  const inputs = await prepareRun(request);
  for (const warning of inputs.warnings) process.stderr.write(`${warning}\n`);
  const password = await resolveBecomePassword({
    ask: request.askBecomePass,
    env: process.env,
    input: process.stdin,
    output: process.stderr,
  });
  const masker = new SecretMasker();
  masker.add(password);
  const bus = new EventBus();
  const recap = new Recap();
  bus.subscribe(recap.listener);
  const write = (line: string) => process.stdout.write(`${line}\n`);
  let flush: () => Promise<void> = async () => undefined;
  if (request.output === 'json') {
    const report = jsonLinesReporter(write);
    bus.subscribe((e: RunEvent) => report(masker.maskEvent(e)));
  } else if (request.output === 'live') {
    const { LiveView } = await import('../report/live.js');
    const view = new LiveView(write);
    const recapOnly = plainReporter(write, recap);
    bus.subscribe((e) => {
      const masked = masker.maskEvent(e);
      view.listener(masked);
      if (masked.type === 'warning') return;
      if (masked.type === 'run_end') void view.flush().then(() => recapOnly(masked));
    });
    flush = () => view.flush();
  } else {
    const report = plainReporter(write, recap);
    bus.subscribe((e) => report(masker.maskEvent(e)));
  }
  const connections = connectionProvider({ acceptNewHostKeys: request.acceptNewHostKeys, onNote: (m) => process.stderr.write(`${masker.maskText(m)}\n`) });
  let outcome;
  try {
    outcome = await runPlaybook({
    playbook: inputs.playbook,
    inventory: inputs.inventory,
    options: {
      ...request.options,
      // Every rollout can be stopped between batches by an interrupt, whoever else steers it.
      interrupts,
      extraVars: inputs.extraVars,
      ...(password !== undefined ? { becomePassword: password } : {}),
    },
    modules: (name: ModuleName) => modules[name as keyof typeof modules],
      connections,
      engine: await createTemplateEngine(),
      bus,
    });
  } finally {
    // Every SSH connection, tunnel and etcd client of the run, on every path (connection-provider.ts).
    await connections.closeAll();
  }
  await flush();
  return outcome.exitCode;
}
