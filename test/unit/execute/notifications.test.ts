import { describe, expect, it } from 'vitest';
import { type HandlerIdentity, Notifications, answersTo } from '../../../engine/execute/notifications.js';

describe('answersTo', () => {
  it.each<[string, HandlerIdentity, string, boolean]>([
    ['its name', { name: 'restart etcd', listen: [] }, 'restart etcd', true],
    ['role-qualified name', { name: 'restart etcd', listen: [], role: 'etcd' }, 'etcd : restart etcd', true],
    ['another role', { name: 'restart etcd', listen: [], role: 'etcd' }, 'other : restart etcd', false],
    ['a listen topic', { name: 'x', listen: ['etcd config changed'] }, 'etcd config changed', true],
    ['a nameless handler by topic', { listen: ['t'] }, 't', true],
    ['case matters, as in Ansible', { name: 'Restart', listen: [] }, 'restart', false],
  ])('%s', (_name, handler, notification, expected) => {
    expect(answersTo(handler, notification)).toBe(expected);
  });
});

describe('Notifications.take', () => {
  const handlers = [
    { name: 'reload config', listen: [] },
    { name: 'restart etcd', listen: ['etcd changed'] },
    { name: 'log it', listen: ['etcd changed'] },
  ];

  it.each<[string, [string, string[]][], [string, string[]][]]>([
    ['nothing notified', [], []],
    ['definition order, not notification order', [['h1', ['restart etcd']], ['h1', ['reload config']]], [['reload config', ['h1']], ['restart etcd', ['h1']]]],
    ['once per host however often notified', [['h1', ['restart etcd', 'restart etcd']], ['h1', ['restart etcd']]], [['restart etcd', ['h1']]]],
    ['a topic reaches every listener', [['h2', ['etcd changed']]], [['restart etcd', ['h2']], ['log it', ['h2']]]],
    ['name and topic together run the handler once', [['h1', ['restart etcd']], ['h1', ['etcd changed']]], [['restart etcd', ['h1']], ['log it', ['h1']]]],
    ['only the hosts that notified', [['h2', ['restart etcd']], ['h3', ['restart etcd']]], [['restart etcd', ['h2', 'h3']]]],
  ])('%s', (_name, sent, expected) => {
    const n = new Notifications();
    for (const [host, names] of sent) n.notify(host, names);
    expect(n.take(handlers).map(({ handler, hosts }) => [handler.name, hosts])).toEqual(expected);
    expect(n.isEmpty).toBe(true);
  });

  it('reports notifications that no handler answers to', () => {
    const n = new Notifications();
    n.notify('h1', ['restart etcd', 'no such handler']);
    expect(n.unanswered(handlers)).toEqual(['no such handler']);
  });
});
