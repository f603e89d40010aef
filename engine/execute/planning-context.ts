import { EventBus } from '../events.js';
import type { Inventory } from '../inventory/index.js';
import type { Playbook } from '../load/types.js';
import type { TemplateEngine } from '../template/engine.js';
import { HostStates } from './host-state.js';
import type { RunContext } from './run-context.js';
import type { ConnectionProvider, ModuleLookup, RunOptions } from './run-options.js';
import { groupsOf } from './run-groups.js';

// The run context that `quorum plan` and `quorum apply` read clusters with before anything runs: the same
// variables and hosts a run sees, in check mode, with a bus nobody listens to.
export function planningRunContext(input: {
  playbook: Playbook;
  inventory: Inventory;
  options: RunOptions;
  modules: ModuleLookup;
  connections: ConnectionProvider;
  engine: TemplateEngine;
}): RunContext {
  return {
    playbook: input.playbook,
    inventory: input.inventory,
    options: { ...input.options, check: true },
    modules: input.modules,
    connections: input.connections,
    bus: new EventBus(),
    engine: input.engine,
    hosts: new HostStates(),
    groups: groupsOf(input.inventory),
    halts: [],
    varsFiles: new Map(),
  };
}
