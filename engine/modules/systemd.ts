import { defineModule } from './define.js';
import { planService, serviceQueries, type ServiceFacts } from './support/service-plan.js';

// ansible.builtin.systemd (systemd_service): on hosts without systemd the pidfile back end runs the unit,
// and daemon_reload has nothing to do there.

export const systemdSpec = {
  options: {
    name: { type: 'str', aliases: ['service', 'unit'] },
    state: { type: 'str', choices: ['reloaded', 'restarted', 'started', 'stopped'] },
    enabled: { type: 'bool' },
    masked: { type: 'bool' },
    daemon_reload: { type: 'bool', default: false, aliases: ['daemon-reload'] },
    scope: { type: 'str', default: 'system', choices: ['system'] },
    no_block: { type: 'bool', default: false },
  },
  requiredOneOf: [['state', 'enabled', 'masked', 'daemon_reload']],
} as const;

export const systemd = defineModule<typeof systemdSpec, ServiceFacts>(systemdSpec, {
  name: 'systemd',
  gather(args) {
    return serviceQueries(args.name ?? '');
  },
  plan(args, facts, _local, ctx) {
    const needsName = args.state !== undefined || args.enabled !== undefined || args.masked !== undefined;
    if (args.name === undefined) {
      if (needsName) return { changed: false, steps: [], failed: true, msg: "missing parameter(s) required by 'state': name", values: {} };
      const onSystemd = (ctx.hostFacts.ansible_service_mgr ?? facts.manager) === 'systemd';
      const steps = onSystemd && args.daemon_reload ? [{ kind: 'exec' as const, command: 'systemctl daemon-reload' }] : [];
      return { changed: false, steps, values: {} };
    }
    return planService({ ...args, name: args.name, daemonReload: args.daemon_reload, noBlock: args.no_block }, facts, ctx);
  },
});
