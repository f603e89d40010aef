import { describe, expect, it } from 'vitest';
import { assert } from '../../../engine/modules/assert.js';
import { debug } from '../../../engine/modules/debug.js';
import { fail } from '../../../engine/modules/fail.js';
import { meta } from '../../../engine/modules/meta.js';
import { pause } from '../../../engine/modules/pause.js';
import { set_fact } from '../../../engine/modules/set_fact.js';
import type { JsonObject, JsonValue, ModulePlan } from '../../../engine/modules/types.js';
import { planContext, planFor } from './plan-context.js';

// The controller-side modules: no steps, only a result (and facts or an effect) for the executor.

function outcome(plan: ModulePlan) {
  return { steps: plan.steps.length, changed: plan.changed, failed: plan.failed ?? false, skipped: plan.skipped ?? false, msg: plan.msg, values: plan.values };
}

describe('debug', () => {
  it.each<[string, JsonObject, JsonValue | undefined, number, ReturnType<typeof outcome>]>([
    ['default message', {}, undefined, 0, { steps: 0, changed: false, failed: false, skipped: false, msg: 'Hello world!', values: { msg: 'Hello world!' } }],
    ['a message', { msg: 'etcd is up' }, undefined, 0, { steps: 0, changed: false, failed: false, skipped: false, msg: 'etcd is up', values: { msg: 'etcd is up' } }],
    ['a list as msg', { msg: ['a', 'b'] }, undefined, 0, { steps: 0, changed: false, failed: false, skipped: false, msg: undefined, values: { msg: ['a', 'b'] } }],
    ['a variable', { var: 'etcd_version' }, '3.5.17', 0, { steps: 0, changed: false, failed: false, skipped: false, msg: undefined, values: { etcd_version: '3.5.17' } }],
    ['an undefined variable', { var: 'nope' }, undefined, 0, { steps: 0, changed: false, failed: false, skipped: false, msg: undefined, values: { nope: 'VARIABLE IS NOT DEFINED!' } }],
    ['verbosity above -v count', { msg: 'x', verbosity: 2 }, undefined, 1, { steps: 0, changed: false, failed: false, skipped: true, msg: undefined, values: { skipped_reason: 'Verbosity threshold not met.' } }],
  ])('%s', (_title, args, value, verbosity, expected) => {
    expect(outcome(planFor(debug, args, {}, { value }, planContext({ verbosity })))).toEqual(expected);
  });
});

describe('set_fact', () => {
  it.each<[string, JsonObject, ReturnType<typeof outcome>, JsonObject | undefined]>([
    ['sets facts', { etcd_ready: true, members: ['a'] }, { steps: 0, changed: false, failed: false, skipped: false, msg: undefined, values: { ansible_facts: { etcd_ready: true, members: ['a'] } } }, { etcd_ready: true, members: ['a'] }],
    ['nothing to set', { cacheable: true }, { steps: 0, changed: false, failed: true, skipped: false, msg: 'No key/value pairs provided, at least one is required for this action to succeed', values: {} }, undefined],
    ['free words without =', { _raw_params: 'ready' }, { steps: 0, changed: false, failed: true, skipped: false, msg: "set_fact takes name=value pairs or a mapping; 'ready' is not one", values: {} }, undefined],
    ['a bad variable name', { '1st': 1 }, { steps: 0, changed: false, failed: true, skipped: false, msg: "The variable name '1st' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.", values: {} }, undefined],
  ])('%s', (_title, args, expected, facts) => {
    const plan = planFor(set_fact, args, {}, undefined);
    expect(outcome(plan)).toEqual(expected);
    expect(plan.facts).toEqual(facts);
  });

  it('passes cacheable on', () => {
    expect(planFor(set_fact, { a: 1, cacheable: 'yes' }, {}, undefined).cacheable).toBe(true);
  });
});

describe('assert', () => {
  it.each<[string, JsonObject, string | undefined, ReturnType<typeof outcome>]>([
    ['all hold', { that: ['a', 'b'] }, undefined, { steps: 0, changed: false, failed: false, skipped: false, msg: 'All assertions passed', values: { msg: 'All assertions passed' } }],
    ['quiet', { that: ['a'], quiet: true }, undefined, { steps: 0, changed: false, failed: false, skipped: false, msg: 'All assertions passed', values: {} }],
    ['one fails', { that: ['a', 'groups.etcd | length is odd'] }, 'groups.etcd | length is odd', { steps: 0, changed: false, failed: true, skipped: false, msg: 'Assertion failed', values: { evaluated_to: false, assertion: 'groups.etcd | length is odd' } }],
    ['fail_msg', { that: 'x', msg: 'need an odd number of members' }, 'x', { steps: 0, changed: false, failed: true, skipped: false, msg: 'need an odd number of members', values: { evaluated_to: false, assertion: 'x' } }],
  ])('%s', (_title, args, failedCondition, expected) => {
    const local = failedCondition === undefined ? {} : { failedCondition };
    expect(outcome(planFor(assert, args, {}, local))).toEqual(expected);
  });
});

describe('fail, pause, meta', () => {
  it.each<[string, ModulePlan, Partial<ModulePlan>]>([
    ['fail with the default message', planFor(fail, {}, {}, undefined), { failed: true, msg: 'Failed as requested from task' }],
    ['fail with a message', planFor(fail, { msg: 'stop here' }, {}, undefined), { failed: true, msg: 'stop here' }],
    ['pause seconds', planFor(pause, { seconds: 5 }, {}, undefined), { effect: { kind: 'pause', seconds: 5, prompt: undefined, echo: true } }],
    ['pause minutes', planFor(pause, { minutes: '1.5' }, {}, undefined), { effect: { kind: 'pause', seconds: 90, prompt: undefined, echo: true } }],
    ['pause with a prompt', planFor(pause, { prompt: 'Check the dashboard' }, {}, undefined), { effect: { kind: 'pause', seconds: undefined, prompt: 'Check the dashboard', echo: true } }],
    ['meta', planFor(meta, { _raw_params: 'flush_handlers' }, {}, undefined), { effect: { kind: 'meta', action: 'flush_handlers' } }],
  ])('%s', (_title, plan, expected) => {
    expect(plan).toMatchObject({ changed: false, steps: [], ...expected });
  });
});
