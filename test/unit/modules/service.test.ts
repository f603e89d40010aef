import { describe, expect, it } from 'vitest';
import { service } from '../../../engine/modules/service.js';
import { systemd } from '../../../engine/modules/systemd.js';
import { shellWord, startScript, stopScript } from '../../../engine/modules/support/pidfile-service.js';
import type { ServiceFacts, SystemdStatus } from '../../../engine/modules/support/service-plan.js';
import { parseServiceUnit, parseTimeSpan, splitUnitWords, type ServiceUnit } from '../../../engine/modules/support/unit-file.js';
import type { JsonObject, RemoteStep } from '../../../engine/modules/types.js';
import { planContext, planFor } from './plan-context.js';

// service and systemd: systemctl where systemd runs, the pidfile back end (driven by the same unit file)
// where it does not.

const etcdUnit = [
  '[Unit]',
  'Description=etcd',
  '[Service]',
  'Type=notify',
  'User=etcd',
  'EnvironmentFile=-/etc/etcd.env',
  'Environment="GOMAXPROCS=2" ETCD_UNSUPPORTED_ARCH=',
  'WorkingDirectory=/var/lib/etcd',
  'ExecStart=/usr/local/bin/etcd --name %N \\',
  '  --data-dir ${DATA_DIR} $EXTRA_ARGS',
  'ExecReload=/bin/kill -HUP $MAINPID',
  'TimeoutStopSec=30s',
  '',
].join('\n');

describe('unit files', () => {
  it.each<[string, string[] | string]>([
    ['/bin/etcd --a "b c" \'d e\'', ['/bin/etcd', '--a', 'b c', 'd e']],
    ['A="x y" B=z', ['A=x y', 'B=z']],
    ['echo \\"quoted\\"', ['echo', '"quoted"']],
    ['"open', 'unbalanced quotes in: "open'],
  ])('splits %s', (value, words) => {
    expect(splitUnitWords(value)).toEqual(words);
  });

  it.each<[string, number | undefined]>([
    ['90', 90],
    ['30s', 30],
    ['1min 30s', 90],
    ['500ms', 0.5],
    ['infinity', 86_400],
    ['soon', undefined],
  ])('time span %s', (value, seconds) => {
    expect(parseTimeSpan(value)).toBe(seconds);
  });

  it('reads what the back end needs from an etcd unit', () => {
    const parsed = parseServiceUnit(etcdUnit, 'etcd');
    expect('unit' in parsed).toBe(true);
    const unit = (parsed as { unit: ServiceUnit }).unit;
    expect({ ...unit, execStart: unit.execStart.map(shellWord), execReload: unit.execReload?.map(shellWord) }).toEqual({
      execStart: ['/usr/local/bin/etcd', '--name', 'etcd', '--data-dir', '"${DATA_DIR}"', '$EXTRA_ARGS'],
      execReload: ['/bin/kill', '-HUP', '$MAINPID'],
      user: 'etcd',
      environment: [['GOMAXPROCS', '2'], ['ETCD_UNSUPPORTED_ARCH', '']],
      environmentFiles: [{ path: '/etc/etcd.env', optional: true }],
      workingDirectory: '/var/lib/etcd',
      timeoutStopSec: 30,
    });
  });

  it.each<[string, string]>([
    ['[Service]\nType=simple\n', 'the unit has no ExecStart= in its [Service] section'],
    ['[Service]\nExecStart=/bin/x\nTimeoutStopSec=forever\n', "TimeoutStopSec: cannot read the time span 'forever'"],
    ['[Service]\nExecStart=/bin/x "oops\n', 'ExecStart: unbalanced quotes in: /bin/x "oops'],
  ])('refuses %j', (text, error) => {
    expect(parseServiceUnit(text, 'x')).toEqual({ error });
  });

  it('starts as the unit\'s user, detached, logging to /var/log/NAME.log, and records the pid', () => {
    const unit = (parseServiceUnit(etcdUnit, 'etcd') as { unit: ServiceUnit }).unit;
    const script = startScript('etcd', unit);
    expect(script).toContain(`setsid setpriv --reuid=etcd --regid=$(id -g etcd) --init-groups -- /usr/local/bin/etcd --name etcd --data-dir "\${DATA_DIR}" $EXTRA_ARGS </dev/null >>/var/log/etcd.log 2>&1 &`);
    expect(script).toContain('echo "$pid" > /run/quorum/etcd.pid');
    expect(script).toContain('if [ -r /etc/etcd.env ]; then load_env /etc/etcd.env; fi');
    expect(script).toContain('cd /var/lib/etcd || exit 1');
    // TimeoutStopSec=30 polled every 20 ms: SIGKILL after 1,500 polls.
    expect(stopScript('etcd', unit)).toContain('if [ $i -ge 1500 ]; then kill -KILL "$p"; sleep 0.2; break; fi');
    expect(stopScript('etcd', unit)).toContain('sleep 0.02; i=$((i + 1))');
  });
});

const unitText = '[Service]\nExecStart=/usr/local/bin/etcd\nExecReload=/bin/kill -HUP $MAINPID\n';

/** `text` null: no unit file was found. */
function pidfileFacts(running: boolean, enabled: boolean, text: string | null = unitText): ServiceFacts {
  return {
    manager: 'pidfile',
    systemd: {},
    pidfile: { running, enabled, ...(text !== null ? { unitPath: '/etc/systemd/system/etcd.service', unitText: text } : {}) },
  };
}

function systemdFacts(status: SystemdStatus): ServiceFacts {
  return { manager: 'systemd', systemd: status, pidfile: { running: false, enabled: false } };
}

/** What each step does, in a word: the systemctl command, or the back end's script by its first action. */
function actions(steps: readonly RemoteStep[]): string[] {
  return steps.map((step) => {
    if (step.kind !== 'exec') return step.kind;
    if (step.stdin?.includes('setsid')) return 'pidfile start';
    if (step.stdin?.includes('kill -TERM')) return 'pidfile stop';
    if (step.stdin?.includes('MAINPID')) return 'pidfile reload';
    return step.command;
  });
}

describe('service on the pidfile back end', () => {
  it.each<[string, JsonObject, ServiceFacts, boolean, string[], string]>([
    ['starts a stopped service', { name: 'etcd', state: 'started' }, pidfileFacts(false, false), true, ['pidfile start'], 'started'],
    ['a running service stays', { name: 'etcd', state: 'started' }, pidfileFacts(true, false), false, [], 'started'],
    ['stops', { name: 'etcd', state: 'stopped' }, pidfileFacts(true, false), true, ['pidfile stop'], 'stopped'],
    ['a stopped service stays', { name: 'etcd.service', state: 'stopped' }, pidfileFacts(false, false), false, [], 'stopped'],
    ['restarts, with a pause between', { name: 'etcd', state: 'restarted', sleep: 2 }, pidfileFacts(true, false), true, ['pidfile stop', 'sleep 2', 'pidfile start'], 'started'],
    ['reloads a running service', { name: 'etcd', state: 'reloaded' }, pidfileFacts(true, false), true, ['pidfile reload'], 'started'],
    ['reloaded starts a stopped one', { name: 'etcd', state: 'reloaded' }, pidfileFacts(false, false), true, ['pidfile start'], 'started'],
    ['enables with the wants link', { name: 'etcd', enabled: true }, pidfileFacts(false, false), true, ['mkdir -p /etc/systemd/system/multi-user.target.wants && ln -sfn /etc/systemd/system/etcd.service /etc/systemd/system/multi-user.target.wants/etcd.service'], 'stopped'],
    ['disables', { name: 'etcd', enabled: false }, pidfileFacts(false, true), true, ['rm -f /etc/systemd/system/multi-user.target.wants/etcd.service'], 'stopped'],
  ])('%s', (_title, args, facts, changed, steps, state) => {
    const plan = planFor(service, args, facts, undefined);
    expect([plan.failed ?? false, plan.changed, actions(plan.steps), plan.values['state']]).toEqual([false, changed, steps, state]);
  });

  it.each<[string, JsonObject, ServiceFacts, string]>([
    ['no unit file', { name: 'etcd', state: 'started' }, pidfileFacts(false, false, null), 'Could not find the requested service etcd: no unit file etcd.service in /etc/systemd/system, /lib/systemd/system or /usr/lib/systemd/system'],
    ['reload without ExecReload', { name: 'etcd', state: 'reloaded' }, pidfileFacts(true, false, '[Service]\nExecStart=/bin/etcd\n'), '/etc/systemd/system/etcd.service has no ExecReload=, so etcd cannot be reloaded: use state: restarted'],
    ['a unit it cannot read', { name: 'etcd', state: 'started' }, pidfileFacts(false, false, '[Service]\n'), '/etc/systemd/system/etcd.service: the unit has no ExecStart= in its [Service] section'],
  ])('fails: %s', (_title, args, facts, msg) => {
    const plan = planFor(service, args, facts, undefined);
    expect([plan.failed, plan.msg]).toEqual([true, msg]);
  });

  it('systemd daemon_reload is a no-op there; masked is refused', () => {
    expect(planFor(systemd, { daemon_reload: true }, pidfileFacts(false, false), undefined)).toMatchObject({ changed: false, steps: [] });
    expect(planFor(systemd, { name: 'etcd', masked: true }, pidfileFacts(false, false), undefined)).toMatchObject({ failed: true, msg: 'masked is not supported on hosts without systemd' });
  });
});

describe('service and systemd with systemd', () => {
  const active = { ActiveState: 'active', UnitFileState: 'enabled', LoadState: 'loaded' };
  const inactive = { ActiveState: 'inactive', UnitFileState: 'disabled', LoadState: 'loaded' };
  it.each<[string, 'service' | 'systemd', JsonObject, SystemdStatus, boolean, string[]]>([
    ['starts', 'service', { name: 'etcd', state: 'started' }, inactive, true, ['systemctl start etcd']],
    ['already started', 'service', { name: 'etcd', state: 'started' }, active, false, []],
    ['stops', 'systemd', { name: 'etcd', state: 'stopped' }, active, true, ['systemctl stop etcd']],
    ['restarts always', 'systemd', { name: 'etcd', state: 'restarted' }, active, true, ['systemctl restart etcd']],
    ['daemon-reload, enable and start', 'systemd', { name: 'etcd', state: 'started', enabled: true, daemon_reload: true }, inactive, true, ['systemctl daemon-reload', 'systemctl enable etcd', 'systemctl start etcd']],
    ['daemon-reload alone changes nothing', 'systemd', { daemon_reload: true }, {}, false, ['systemctl daemon-reload']],
    ['no_block', 'systemd', { name: 'etcd', state: 'started', no_block: true }, inactive, true, ['systemctl --no-block start etcd']],
    ['masks', 'systemd', { name: 'etcd', masked: true }, inactive, true, ['systemctl mask etcd']],
  ])('%s', (_title, name, args, status, changed, steps) => {
    const facts = systemdFacts(status);
    const plan = name === 'service' ? planFor(service, args, facts, undefined) : planFor(systemd, args, facts, undefined);
    expect([plan.failed ?? false, plan.changed, actions(plan.steps)]).toEqual([false, changed, steps]);
  });

  it('a unit systemd does not know', () => {
    const plan = planFor(service, { name: 'nope', state: 'started' }, systemdFacts({ LoadState: 'not-found' }), undefined);
    expect([plan.failed, plan.msg]).toEqual([true, 'Could not find the requested service nope: host']);
  });

  it('ansible_service_mgr from facts picks the back end', () => {
    const plan = planFor(service, { name: 'etcd', state: 'started' }, systemdFacts(inactive), undefined, planContext({ hostFacts: { ansible_service_mgr: 'pidfile' } }));
    expect([plan.failed, plan.msg]).toEqual([true, 'Could not find the requested service etcd: no unit file etcd.service in /etc/systemd/system, /lib/systemd/system or /usr/lib/systemd/system']);
  });
});
