import { defineModule } from './define.js';
import { planService, serviceQueries, type ServiceFacts } from './support/service-plan.js';

// ansible.builtin.service: systemd where it runs; elsewhere the pidfile back end that reads the same unit file.

export const serviceSpec = {
  options: {
    name: { type: 'str', required: true },
    state: { type: 'str', choices: ['reloaded', 'restarted', 'started', 'stopped'] },
    enabled: { type: 'bool' },
    sleep: { type: 'int' },
  },
  requiredOneOf: [['state', 'enabled']],
} as const;

export const service = defineModule<typeof serviceSpec, ServiceFacts>(serviceSpec, {
  name: 'service',
  gather(args) {
    return serviceQueries(args.name);
  },
  plan(args, facts, _local, ctx) {
    return planService({ ...args, daemonReload: false, noBlock: false }, facts, ctx);
  },
});
