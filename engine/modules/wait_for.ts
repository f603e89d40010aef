import { shellQuote } from '../connect/local.js';
import type { ArgsOf } from './args/spec.js';
import { defineModule } from './define.js';
import { socketTest } from './support/listening.js';
import type { JsonObject, ModulePlan } from './types.js';

// ansible.builtin.wait_for: waits on the host, in one shell loop, for a port to listen or stop, a path to
// appear (with a regex in it) or go, or connections to drain; with neither port nor path, it just sleeps.
// search_regex against a port's banner is not supported (no nc on hosts).

export const waitForSpec = {
  options: {
    host: { type: 'str', default: '127.0.0.1' },
    port: { type: 'int' },
    path: { type: 'path' },
    search_regex: { type: 'str' },
    state: { type: 'str', default: 'started', choices: ['absent', 'drained', 'present', 'started', 'stopped'] },
    timeout: { type: 'int', default: 300 },
    delay: { type: 'int', default: 0 },
    sleep: { type: 'int', default: 1 },
    connect_timeout: { type: 'int', default: 5 },
    msg: { type: 'str' },
  },
  mutuallyExclusive: [['port', 'path']],
} as const;

type WaitForArgs = ArgsOf<typeof waitForSpec>;

/** Exit status of the loop when the time is up. */
const timedOut = 3;

/** The test the loop repeats, and Ansible's message when it never holds. */
function condition(args: WaitForArgs): { test: string; timeoutMsg: string } | { error: string } {
  const { host, port, path, state } = args;
  if (port !== undefined) {
    if (args.search_regex !== undefined) return { error: 'search_regex with port is not supported: hosts have no nc; wait for a path, or check the port' };
    if (state === 'started' || state === 'present') {
      return { test: socketTest(host, port, ['0A']), timeoutMsg: `Timeout when waiting for ${host}:${port}` };
    }
    if (state === 'drained') {
      return { test: `! ${socketTest(host, port, ['01', '02', '03', '04', '05', '06'])}`, timeoutMsg: `Timeout when waiting for ${host}:${port} to drain` };
    }
    return { test: `! ${socketTest(host, port, ['0A'])}`, timeoutMsg: `Timeout when waiting for ${host}:${port} to stop.` };
  }
  if (path !== undefined) {
    const p = shellQuote(path);
    if (state === 'absent' || state === 'stopped') return { test: `[ ! -e ${p} ]`, timeoutMsg: `Timeout when waiting for ${path} to be absent.` };
    if (args.search_regex !== undefined) {
      return {
        test: `[ -r ${p} ] && grep -Eq -- ${shellQuote(args.search_regex)} ${p}`,
        timeoutMsg: `Timeout when waiting for search string ${args.search_regex} in ${path}`,
      };
    }
    return { test: `[ -e ${p} ]`, timeoutMsg: `Timeout when waiting for file ${path}` };
  }
  return { test: 'false', timeoutMsg: '' };
}

function loop(test: string, args: WaitForArgs): string {
  return [
    args.delay > 0 ? `sleep ${args.delay}` : ':',
    'start=$(date +%s)',
    'while :; do',
    `  if ${test}; then echo "elapsed $(( $(date +%s) - start ))"; exit 0; fi`,
    `  if [ $(( $(date +%s) - start )) -ge ${args.timeout} ]; then echo "elapsed $(( $(date +%s) - start ))"; exit ${timedOut}; fi`,
    `  sleep ${args.sleep}`,
    'done',
  ].join('\n');
}

export const wait_for = defineModule<typeof waitForSpec, Record<never, never>>(waitForSpec, {
  name: 'wait_for',
  gather() {
    return {};
  },
  plan(args): ModulePlan {
    const found = condition(args);
    const values: JsonObject = { state: args.state };
    if (args.port !== undefined) values['port'] = args.port;
    if (args.path !== undefined) values['path'] = args.path;
    if ('error' in found) return { changed: false, steps: [], failed: true, msg: found.error, values };
    const onlySleeps = args.port === undefined && args.path === undefined;
    return {
      changed: false,
      steps: [
        {
          kind: 'exec',
          command: loop(found.test, args),
          mustSucceed: false,
          readOnly: true,
          timeoutMs: (args.delay + args.timeout + args.sleep + 30) * 1000,
        },
      ],
      values,
      complete(outputs) {
        const output = outputs[0];
        const elapsed = Number(/elapsed (\d+)/.exec(output?.stdout ?? '')?.[1] ?? 0);
        const result = { ...values, elapsed };
        if (output?.rc === 0 || (onlySleeps && output?.rc === timedOut)) return { values: result };
        const msg = output?.rc === timedOut ? (args.msg ?? found.timeoutMsg) : `wait_for failed: ${output?.stderr.trim() ?? 'no output'}`;
        return { failed: true, msg, values: { ...result, msg } };
      },
    };
  },
});
