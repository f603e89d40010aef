import { describe, expect, it } from 'vitest';
import { parseUserEntry, type GroupEntry, type UserEntry } from '../../../engine/modules/facts/accounts.js';
import { group } from '../../../engine/modules/group.js';
import { user } from '../../../engine/modules/user.js';
import type { JsonObject } from '../../../engine/modules/types.js';
import { describeSteps, planFor } from './plan-context.js';

// group and user: arguments and the host's passwd/group entries in, groupadd/useradd/usermod/userdel out.

const etcdGroup: GroupEntry = { name: 'etcd', gid: 998 };
const etcdUser: UserEntry = { name: 'etcd', uid: 998, gid: 998, group: 'etcd', groups: [], comment: 'etcd', home: '/var/lib/etcd', shell: '/usr/sbin/nologin' };

describe('group', () => {
  it.each<[string, JsonObject, GroupEntry | undefined, boolean, string[]]>([
    ['a new group', { name: 'etcd' }, undefined, true, ['groupadd etcd']],
    ['a new system group with a gid', { name: 'etcd', system: true, gid: 990 }, undefined, true, ['groupadd -g 990 -r etcd']],
    ['a gid that may be shared', { name: 'etcd', gid: 0, non_unique: true }, undefined, true, ['groupadd -g 0 -o etcd']],
    ['already there', { name: 'etcd', system: true }, etcdGroup, false, []],
    ['already there with that gid', { name: 'etcd', gid: 998 }, etcdGroup, false, []],
    ['another gid', { name: 'etcd', gid: 990 }, etcdGroup, true, ['groupmod -g 990 etcd']],
    ['absent: removed', { name: 'etcd', state: 'absent' }, etcdGroup, true, ['groupdel etcd']],
    ['absent: already', { name: 'etcd', state: 'absent' }, undefined, false, []],
    ['a name that needs quoting', { name: 'a b' }, undefined, true, ["groupadd 'a b'"]],
  ])('%s', (_title, args, current, changed, steps) => {
    const plan = planFor(group, args, { group: current }, undefined);
    expect([plan.failed ?? false, plan.changed, describeSteps(plan.steps)]).toEqual([false, changed, steps]);
  });

  it.each<[string, JsonObject, GroupEntry | undefined, JsonObject]>([
    ['an existing group reports its gid', { name: 'etcd' }, etcdGroup, { name: 'etcd', state: 'present', system: false, gid: 998 }],
    ['a new one the gid asked for', { name: 'etcd', gid: 5 }, undefined, { name: 'etcd', state: 'present', system: false, gid: 5 }],
  ])('registers: %s', (_title, args, current, values) => {
    expect(planFor(group, args, { group: current }, undefined).values).toEqual(values);
  });
});

describe('user', () => {
  const noGroups = { sameNameGroup: undefined, missingGroups: [] };
  const etcdAccount = { name: 'etcd', system: true, group: 'etcd', home: '/var/lib/etcd', shell: '/usr/sbin/nologin', create_home: false, comment: 'etcd' };
  it.each<[string, JsonObject, UserEntry | undefined, GroupEntry | undefined, boolean, string[]]>([
    [
      'a new system account without a home directory',
      etcdAccount,
      undefined,
      etcdGroup,
      true,
      ['useradd -g etcd -c etcd -d /var/lib/etcd -s /usr/sbin/nologin -r -M etcd'],
    ],
    ['a new account gets its home made by default', { name: 'ann' }, undefined, undefined, true, ['useradd -m ann']],
    ['a group of its name exists and none is given: no user group (as Ansible)', { name: 'etcd' }, undefined, etcdGroup, true, ['useradd -N -m etcd']],
    ['uid and supplementary groups', { name: 'ann', uid: 1500, groups: ['adm', 'sudo'] }, undefined, undefined, true, ['useradd -u 1500 -G adm,sudo -m ann']],
    ['already as wanted', etcdAccount, etcdUser, etcdGroup, false, []],
    ['another shell', { name: 'etcd', shell: '/bin/false' }, etcdUser, etcdGroup, true, ['usermod -s /bin/false etcd']],
    ['another home, moved', { name: 'etcd', home: '/srv/etcd', move_home: true }, etcdUser, etcdGroup, true, ['usermod -d /srv/etcd -m etcd']],
    ['another uid and primary group', { name: 'etcd', uid: 1000, group: 'adm' }, etcdUser, etcdGroup, true, ['usermod -u 1000 -g adm etcd']],
    ['a numeric primary group that is the gid', { name: 'etcd', group: '998' }, etcdUser, etcdGroup, false, []],
    ['groups set exactly', { name: 'etcd', groups: ['adm'] }, { ...etcdUser, groups: ['sudo'] }, etcdGroup, true, ['usermod -G adm etcd']],
    ['groups appended: only the missing ones', { name: 'etcd', groups: ['adm', 'sudo'], append: true }, { ...etcdUser, groups: ['sudo'] }, etcdGroup, true, ['usermod -a -G adm etcd']],
    ['groups appended, all there', { name: 'etcd', groups: 'sudo', append: true } as JsonObject, { ...etcdUser, groups: ['sudo', 'adm'] }, etcdGroup, false, []],
    ['groups: [] removes every supplementary group', { name: 'etcd', groups: [] }, { ...etcdUser, groups: ['sudo'] }, etcdGroup, true, ["usermod -G '' etcd"]],
    ['groups as a comma string', { name: 'etcd', groups: 'adm,sudo' }, { ...etcdUser, groups: ['sudo', 'adm'] }, etcdGroup, false, []],
    ['absent keeps the home', { name: 'etcd', state: 'absent' }, etcdUser, etcdGroup, true, ['userdel etcd']],
    ['absent with remove takes the home too', { name: 'etcd', state: 'absent', remove: true }, etcdUser, etcdGroup, true, ['userdel -r etcd']],
    ['absent: already', { name: 'etcd', state: 'absent', remove: true }, undefined, undefined, false, []],
  ])('%s', (_title, args, current, sameNameGroup, changed, steps) => {
    const plan = planFor(user, args, { ...noGroups, user: current, sameNameGroup }, undefined);
    expect([plan.failed ?? false, plan.changed, describeSteps(plan.steps)]).toEqual([false, changed, steps]);
  });

  it.each<[string, JsonObject, string[], string]>([
    ['a primary group that does not exist', { name: 'etcd', group: 'etcd' }, ['etcd'], 'Group etcd does not exist (create it first with the group module)'],
    ['a supplementary group that does not exist', { name: 'ann', groups: ['wheel'] }, ['wheel'], 'Group wheel does not exist (create it first with the group module)'],
  ])('fails: %s', (_title, args, missingGroups, msg) => {
    const plan = planFor(user, args, { user: undefined, sameNameGroup: undefined, missingGroups }, undefined);
    expect([plan.failed, plan.changed, plan.steps, plan.msg]).toEqual([true, false, [], msg]);
  });

  it('registers the account as it will be', () => {
    const plan = planFor(user, { name: 'etcd', shell: '/bin/false' }, { ...noGroups, user: etcdUser }, undefined);
    expect(plan.values).toEqual({
      name: 'etcd',
      state: 'present',
      uid: 998,
      group: 'etcd',
      home: '/var/lib/etcd',
      shell: '/bin/false',
      comment: 'etcd',
      groups: '',
      system: false,
      create_home: true,
      append: false,
    });
  });

  it.each<[string, string, UserEntry | undefined]>([
    ['no such user', '', undefined],
    ['a user with its primary group and two more', 'etcd:x:998:998:etcd user:/var/lib/etcd:/usr/sbin/nologin\netcd\netcd adm sudo\n',
      { name: 'etcd', uid: 998, gid: 998, group: 'etcd', groups: ['adm', 'sudo'], comment: 'etcd user', home: '/var/lib/etcd', shell: '/usr/sbin/nologin' }],
    ['a primary gid without a group entry', 'x:x:5:4242::/home/x:/bin/sh\n\n\n',
      { name: 'x', uid: 5, gid: 4242, group: '4242', groups: [], comment: '', home: '/home/x', shell: '/bin/sh' }],
  ])('reads getent and id: %s', (_title, stdout, entry) => {
    expect(parseUserEntry(stdout)).toEqual(entry);
  });
});
