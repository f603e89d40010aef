import { shellQuote } from '../../connect/local.js';
import type { FactQuery, JsonObject, ModulePlan, PlanContext, RemoteStep } from '../types.js';
import {
  cleanShell,
  logFile,
  parsePidfileStatus,
  pidFile,
  pidfileStatusCommand,
  reloadScript,
  startScript,
  stopScript,
  wantsDir,
  type PidfileStatus,
} from './pidfile-service.js';
import { parseServiceUnit } from './unit-file.js';

// What service and systemd share: gather the unit's state from systemd where it runs (else from the pidfile
// back end), decide the actions (start, stop, restart, reload, enable, disable, mask), and render them for
// the back end. The same role works on both kinds of host.

export type ServiceState = 'started' | 'stopped' | 'restarted' | 'reloaded';

export interface ServiceRequest {
  name: string;
  state?: ServiceState | undefined;
  enabled?: boolean | undefined;
  masked?: boolean | undefined;
  daemonReload: boolean;
  noBlock: boolean;
  /** Seconds between stop and start on restart (service's `sleep`). */
  sleep?: number | undefined;
}

export interface SystemdStatus {
  ActiveState?: string;
  SubState?: string;
  UnitFileState?: string;
  LoadState?: string;
}

export interface ServiceFacts {
  /** 'systemd' when /run/systemd/system exists on the host. */
  manager: string;
  systemd: SystemdStatus;
  pidfile: PidfileStatus;
}

/** Strips `.service`, which the pidfile back end's file names do not carry. */
export function serviceBaseName(name: string): string {
  return name.endsWith('.service') ? name.slice(0, -'.service'.length) : name;
}

export function serviceQueries(name: string): { [K in keyof ServiceFacts]: FactQuery<ServiceFacts[K]> } {
  const unit = shellQuote(name);
  return {
    manager: {
      command: 'if [ -d /run/systemd/system ]; then echo systemd; else echo pidfile; fi',
      parse: ({ stdout }) => stdout.trim(),
    },
    systemd: {
      command: `if [ -d /run/systemd/system ]; then systemctl show ${unit} --property=ActiveState --property=SubState --property=UnitFileState --property=LoadState; fi`,
      parse: ({ stdout }) => {
        const status: SystemdStatus = {};
        for (const line of stdout.split('\n')) {
          const [key, value] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
          if (key === 'ActiveState' || key === 'SubState' || key === 'UnitFileState' || key === 'LoadState') status[key] = value;
        }
        return status;
      },
    },
    pidfile: { command: pidfileStatusCommand(serviceBaseName(name)), parse: ({ stdout }) => parsePidfileStatus(stdout) },
  };
}

function failed(msg: string, values: JsonObject): ModulePlan {
  return { changed: false, steps: [], failed: true, msg, values };
}

/** The lifecycle action a wanted state asks for, given whether the service runs now. */
function lifecycle(state: ServiceState | undefined, running: boolean): 'start' | 'stop' | 'restart' | 'reload' | undefined {
  if (state === 'started') return running ? undefined : 'start';
  if (state === 'stopped') return running ? 'stop' : undefined;
  if (state === 'restarted') return 'restart';
  if (state === 'reloaded') return running ? 'reload' : 'start';
  return undefined;
}

function resultState(state: ServiceState | undefined, running: boolean): string {
  if (state === undefined) return running ? 'started' : 'stopped';
  return state === 'stopped' ? 'stopped' : 'started';
}

function planSystemd(request: ServiceRequest, status: SystemdStatus, values: JsonObject): ModulePlan {
  const unit = shellQuote(request.name);
  const noBlock = request.noBlock ? '--no-block ' : '';
  if (status.LoadState === 'not-found' && !request.daemonReload) {
    return failed(`Could not find the requested service ${request.name}: host`, values);
  }
  const running = ['active', 'activating', 'reloading'].includes(status.ActiveState ?? '');
  const enabledNow = (status.UnitFileState ?? '').startsWith('enabled');
  const steps: RemoteStep[] = [];
  let changed = false;
  const systemctl = (command: string, counts = true) => {
    steps.push({ kind: 'exec', command: `systemctl ${command}` });
    changed ||= counts;
  };
  if (request.daemonReload) systemctl('daemon-reload', false);
  if (request.masked === true && status.UnitFileState !== 'masked') systemctl(`mask ${unit}`);
  if (request.masked === false && status.UnitFileState === 'masked') systemctl(`unmask ${unit}`);
  if (request.enabled === true && !enabledNow) systemctl(`enable ${unit}`);
  if (request.enabled === false && enabledNow) systemctl(`disable ${unit}`);
  const action = lifecycle(request.state, running);
  if (action) systemctl(`${noBlock}${action} ${unit}`);
  return {
    changed,
    steps,
    values: {
      ...values,
      state: resultState(request.state, running),
      enabled: request.enabled ?? enabledNow,
      status: { ...status },
    },
  };
}

function planPidfile(request: ServiceRequest, status: PidfileStatus, values: JsonObject): ModulePlan {
  const name = serviceBaseName(request.name);
  if (request.masked !== undefined) return failed('masked is not supported on hosts without systemd', values);
  if (!status.unitPath || status.unitText === undefined) {
    return failed(`Could not find the requested service ${request.name}: no unit file ${name}.service in /etc/systemd/system, /lib/systemd/system or /usr/lib/systemd/system`, values);
  }
  const parsed = parseServiceUnit(status.unitText, name);
  if ('error' in parsed) return failed(`${status.unitPath}: ${parsed.error}`, values);
  const unit = parsed.unit;
  const script = (text: string): RemoteStep => ({ kind: 'exec', command: cleanShell, stdin: text });
  const steps: RemoteStep[] = [];
  if (request.enabled === true && !status.enabled) {
    steps.push({ kind: 'exec', command: `mkdir -p ${wantsDir} && ln -sfn ${shellQuote(status.unitPath)} ${wantsDir}/${shellQuote(`${name}.service`)}` });
  }
  if (request.enabled === false && status.enabled) steps.push({ kind: 'exec', command: `rm -f ${wantsDir}/${shellQuote(`${name}.service`)}` });
  const action = lifecycle(request.state, status.running);
  if (action === 'reload' && !unit.execReload) {
    return failed(`${status.unitPath} has no ExecReload=, so ${name} cannot be reloaded: use state: restarted`, values);
  }
  if (action === 'start') steps.push(script(startScript(name, unit)));
  if (action === 'stop') steps.push(script(stopScript(name, unit)));
  if (action === 'reload') steps.push(script(reloadScript(name, unit)));
  if (action === 'restart') {
    steps.push(script(stopScript(name, unit)));
    if (request.sleep) steps.push({ kind: 'exec', command: `sleep ${request.sleep}` });
    steps.push(script(startScript(name, unit)));
  }
  return {
    changed: steps.length > 0,
    steps,
    values: {
      ...values,
      state: resultState(request.state, status.running),
      enabled: request.enabled ?? status.enabled,
      status: {
        ActiveState: status.running ? 'active' : 'inactive',
        backend: 'pidfile',
        pidfile: pidFile(name),
        log: logFile(name),
      },
    },
  };
}

export function planService(request: ServiceRequest, facts: ServiceFacts, ctx: PlanContext): ModulePlan {
  const values: JsonObject = { name: request.name };
  const manager = ctx.hostFacts.ansible_service_mgr ?? facts.manager;
  return manager === 'systemd' ? planSystemd(request, facts.systemd, values) : planPidfile(request, facts.pidfile, values);
}
