import type { ModuleContext } from '../../engine/modules/types.js';

// A module context for tests that run a module directly on a host (no playbook around it): root through sudo,
// no templates or controller files, conditions always true.
export function bareModuleContext(check: boolean, inventoryHostname = 'h1'): ModuleContext {
  return {
    check,
    diff: false,
    become: {},
    inventoryHostname,
    hostFacts: {},
    fileSearchDirs: [],
    templateSearchDirs: [],
    renderTemplate: () => Promise.reject(new Error('no templates here')),
    readControllerFile: () => Promise.reject(new Error('no controller files here')),
    evaluate: () => undefined,
    evaluateCondition: () => true,
    verbosity: 0,
    now: () => new Date(),
  };
}
