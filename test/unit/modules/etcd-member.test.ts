import { describe, expect, it } from 'vitest';
import { etcd_member } from '../../../engine/modules/etcd_member.js';
import { changeScript, readChangeOutput } from '../../../engine/modules/etcd-member/change-script.js';
import { dataDirQuery, judgeDataDir, type DataDirFacts } from '../../../engine/modules/etcd-member/data-dir.js';
import { chooseMembership, memberListPerEndpoint, readEndpointAnswers, type EndpointAnswer } from '../../../engine/modules/etcd-member/endpoint-answers.js';
import { classifyEtcdMessage, etcdErrorLine, explainEtcdFailure, type EtcdMessageKind } from '../../../engine/modules/etcd-member/etcd-messages.js';
import { etcdctlCommand, splitStderr } from '../../../engine/modules/etcd-member/etcdctl-command.js';
import { parseEndpointHealth } from '../../../engine/modules/etcd-member/health-json.js';
import { memberIdFromHex, memberIdToHex } from '../../../engine/modules/etcd-member/member-ids.js';
import { initialCluster, membershipValues, removalRefusal } from '../../../engine/modules/etcd-member/membership.js';
import { parseMemberAdd, parseMemberAddText, parseMemberList, type EtcdMember, type Membership } from '../../../engine/modules/etcd-member/membership-json.js';
import { readWalMetadata } from '../../../engine/modules/etcd-member/wal-metadata.js';
import type { JsonObject, StepOutput } from '../../../engine/modules/types.js';
import { planContext, planFor } from './plan-context.js';

// etcd_member's pure parts: what etcdctl 3.4.23 printed here (captured from a real cluster on loopback), the
// meaning of each message DESIGN.md lists, initial-cluster, the quorum check of a removal, the data dir's ids,
// and the module's plan for each state.

const header = '"header":{"cluster_id":1902867979784873147,"member_id":11568059132853807276,"raft_term":2}';
const m1 = '{"ID":8955962169566298057,"name":"m1","peerURLs":["http://127.0.46.201:2380"],"clientURLs":["http://127.0.46.201:2379"]}';
const m2 = '{"ID":11568059132853807276,"name":"m2","peerURLs":["http://127.0.46.202:2380"],"clientURLs":["http://127.0.46.202:2379"]}';
const learner = '{"ID":8362266822375555034,"peerURLs":["http://127.0.46.203:2380"],"isLearner":true}';
const listTwo = `{${header},"members":[${m1},${m2}]}`;
const listWithLearner = `{${header},"members":[${learner},${m1},${m2}]}`;
const addReply = `{${header},"member":${learner},"members":[${learner},${m1},${m2}]}`;

const member = (id: string, name: string, n: number, over: Partial<EtcdMember> = {}): EtcdMember => ({
  id,
  name,
  peerUrls: [`http://127.0.46.${n}:2380`],
  clientUrls: name === '' ? [] : [`http://127.0.46.${n}:2379`],
  isLearner: false,
  ...over,
});
const M1 = member('8955962169566298057', 'm1', 201);
const M2 = member('11568059132853807276', 'm2', 202);
const L3 = member('8362266822375555034', '', 203, { isLearner: true });
const clusterId = '1902867979784873147';

describe('etcdctl -w json output', () => {
  it.each<[string, string, Membership]>([
    ['two voters', listTwo, { clusterId, members: [M1, M2] }],
    ['an unstarted learner (no name, no client URLs)', listWithLearner, { clusterId, members: [L3, M1, M2] }],
    ['ids as strings (a gRPC gateway)', '{"header":{"cluster_id":"7"},"members":[{"ID":"9","name":"a","peerURLs":["u"]}]}', { clusterId: '7', members: [{ id: '9', name: 'a', peerUrls: ['u'], clientUrls: [], isLearner: false }] }],
  ])('member list: %s', (_title, text, expected) => {
    expect(parseMemberList(text)).toEqual(expected);
  });

  it('member add: the new member and the list with it, ids above 2^53 exact', () => {
    expect(parseMemberAdd(addReply)).toEqual({ clusterId, members: [L3, M1, M2], added: L3 });
  });

  it.each<[string, string, string]>([
    ['empty output', '', 'could not read etcdctl member list output: (top level): etcdctl printed nothing'],
    ['not JSON', 'Error: context deadline exceeded', 'could not read etcdctl member list output: (top level): not JSON'],
    ['no header', '{"members":[]}', 'could not read etcdctl member list output: header: the key "header" is missing'],
    ['a member without ID', `{${header},"members":[{"name":"x"}]}`, 'could not read etcdctl member list output: members[0].ID: the key "ID" is missing'],
    ['a fraction as id', `{${header},"members":[{"ID":1.5}]}`, 'could not read etcdctl member list output: members[0].ID: expected a decimal id'],
  ])('member list refuses %s', (_title, text, message) => {
    expect(() => parseMemberList(text)).toThrow(message);
  });

  it.each<[string, { memberId: string; clusterId: string } | undefined]>([
    ['Member 740cbd5ea8babfda added to cluster 1a685858858ae4bb\n\nETCD_NAME="m3"', { memberId: '8362266822375555034', clusterId: '1902867979784873147' }],
    ['Member  c5f0ff0d3086175 added to cluster  a685858858ae4bb\n', { memberId: '891448778249757045', clusterId: '749946475178026171' }],
    ['Error: etcdserver: unhealthy cluster', undefined],
  ])('member add text %j', (text, expected) => {
    expect(parseMemberAddText(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['8362266822375555034', '740cbd5ea8babfda'],
    ['11568059132853807276', 'a08a007dba76e8ac'],
    ['1', '1'],
  ])('id %s is hex %s, both ways', (decimal, hex) => {
    expect(memberIdToHex(decimal)).toBe(hex);
    expect(memberIdFromHex(hex)).toBe(decimal);
    expect(memberIdFromHex(`0x${hex}`)).toBe(decimal);
  });

  it.each<[string, () => unknown]>([
    ['a decimal id with letters', () => memberIdToHex('12ab')],
    ['a hex id too long', () => memberIdFromHex('1234567890abcdef0')],
  ])('refuses %s', (_title, call) => {
    expect(call).toThrow(/member id/);
  });

  it.each<[string, string, { endpoint: string; healthy: boolean; error?: string }[]]>([
    [
      'all healthy',
      '[{"endpoint":"http://127.0.46.201:2379","health":true,"took":"7.3ms"},{"endpoint":"http://127.0.46.202:2379","health":true,"took":"8.7ms"}]',
      [{ endpoint: 'http://127.0.46.201:2379', healthy: true }, { endpoint: 'http://127.0.46.202:2379', healthy: true }],
    ],
    [
      'one down (etcdctl exits 1 and still prints the list)',
      '[{"endpoint":"http://127.0.46.203:2379","health":false,"took":"5.0s","error":"context deadline exceeded"}]\n',
      [{ endpoint: 'http://127.0.46.203:2379', healthy: false, error: 'context deadline exceeded' }],
    ],
  ])('endpoint health: %s', (_title, text, expected) => {
    expect(parseEndpointHealth(text)).toEqual(expected);
  });

  it.each<[string, { out: string; err: string }]>([
    ['{"a":1}\n__quorum_etcdctl_stderr__\nError: x\n', { out: '{"a":1}', err: 'Error: x\n' }],
    ['{"a":1}', { out: '{"a":1}', err: '' }],
  ])('splits stdout and stderr of %j', (text, expected) => {
    expect(splitStderr(text)).toEqual(expected);
  });
});

describe('one answer per endpoint', () => {
  const eps = ['http://127.0.46.201:2379', 'http://127.0.46.202:2379', 'http://127.0.46.205:2379'];
  const stale = '{"header":{"cluster_id":42,"member_id":5},"members":[{"ID":5,"name":"h5","peerURLs":["http://127.0.46.205:2380"]}]}';
  const answer = (i: number, rc: number, out: string, err = '') => `__quorum_endpoint_answer__ ${i} ${rc}\n${out}\n__quorum_endpoint_stderr__\n${err}`;

  it('asks each endpoint on its own, all at once', () => {
    const lines = memberListPerEndpoint({ endpoints: eps.slice(0, 2), commandTimeout: 5 }).split('\n');
    expect(lines[0]).toBe('d=$(mktemp -d) || exit 1');
    // A dial of 2 s at most: an endpoint that refuses makes etcdctl wait the whole dial timeout.
    expect(lines[1]).toBe(
      '( env -u ETCDCTL_ENDPOINTS ETCDCTL_API=3 etcdctl --endpoints=http://127.0.46.201:2379 --dial-timeout=2s --command-timeout=5s member list -w json >"$d/0.out" 2>"$d/0.err"; echo $? >"$d/0.rc" ) &',
    );
    expect(lines[3]).toBe('wait');
    expect(lines.at(-1)).toBe('rm -rf "$d"');
  });

  it('reads each endpoint\'s answer back', () => {
    expect(readEndpointAnswers(eps, answer(0, 0, listTwo) + answer(2, 1, '', 'Error: context deadline exceeded\n'))).toEqual([
      { endpoint: eps[0], rc: 0, stdout: listTwo, stderr: '' },
      { endpoint: eps[2], rc: 1, stdout: '', stderr: 'Error: context deadline exceeded' },
    ]);
  });

  it.each<[string, EndpointAnswer[], { endpoints?: string[]; ignored?: { endpoint: string; reason: string }[]; error?: string }]>([
    ['all agree', [0, 1].map((i) => ({ endpoint: eps[i]!, rc: 0, stdout: listTwo, stderr: '' })), { endpoints: [eps[0]!, eps[1]!], ignored: [] }],
    [
      'a host not joined yet runs a cluster of its own',
      [{ endpoint: eps[0]!, rc: 0, stdout: listTwo, stderr: '' }, { endpoint: eps[1]!, rc: 0, stdout: listTwo, stderr: '' }, { endpoint: eps[2]!, rc: 0, stdout: stale, stderr: '' }],
      { endpoints: [eps[0]!, eps[1]!], ignored: [{ endpoint: eps[2]!, reason: `answers for cluster 42, not ${clusterId}` }] },
    ],
    [
      'one is down',
      [{ endpoint: eps[0]!, rc: 0, stdout: listTwo, stderr: '' }, { endpoint: eps[1]!, rc: 1, stdout: '', stderr: 'Error: context deadline exceeded' }],
      { endpoints: [eps[0]!], ignored: [{ endpoint: eps[1]!, reason: 'member list: context deadline exceeded (no endpoint answered: check endpoints, certificates, and that a quorum of members runs)' }] },
    ],
    [
      'none answers',
      [{ endpoint: eps[0]!, rc: 1, stdout: '', stderr: 'Error: open /etc/etcd/pki/admin.key: permission denied' }],
      { error: `no endpoint answered: ${eps[0]}: member list: open /etc/etcd/pki/admin.key: permission denied` },
    ],
    [
      'as many for two clusters',
      [{ endpoint: eps[0]!, rc: 0, stdout: listTwo, stderr: '' }, { endpoint: eps[2]!, rc: 0, stdout: stale, stderr: '' }],
      { error: `the endpoints answer for different clusters, as many for each: cluster ${clusterId} (${eps[0]}) and cluster 42 (${eps[2]}); give the endpoints of the cluster meant` },
    ],
  ])('%s', (_title, answers, expected) => {
    expect(chooseMembership(answers)).toMatchObject(expected);
  });
});

describe("etcd's messages (DESIGN.md: Messages and what the roles do about them)", () => {
  it.each<[string, EtcdMessageKind, boolean]>([
    ['member 8e9e05c52164694d has already been bootstrapped', 'already-bootstrapped', false],
    ['request cluster ID mismatch (got 1a68 want cdf8)', 'cluster-id-mismatch', false],
    ['etcdserver: Peer URLs already exists', 'member-exists', false],
    ['etcdserver: member ID already exist', 'member-exists', false],
    ['etcdserver: re-configuration failed due to not enough started members', 'not-enough-started', true],
    ['etcdserver: too many learner members in cluster', 'too-many-learners', true],
    ['etcdserver: unhealthy cluster', 'unhealthy-cluster', true],
    ['etcdserver: can only promote a learner member which is in sync with leader', 'learner-not-ready', false],
    ['etcdserver: can only promote a learner member', 'not-a-learner', false],
    ['etcdserver: member not found', 'member-not-found', false],
    ['context deadline exceeded', 'unreachable', false],
    ['open /etc/etcd/pki/admin.key: permission denied', 'other', false],
  ])('%s: %s, retried %s', (message, kind, retry) => {
    expect(classifyEtcdMessage(message)).toMatchObject({ kind, retry });
  });

  it.each<[string, string]>([
    [
      '{"level":"warn","msg":"retrying of unary invoker failed","error":"rpc error: code = Unavailable desc = etcdserver: unhealthy cluster"}\nError: etcdserver: unhealthy cluster\n',
      'etcdserver: unhealthy cluster',
    ],
    ['{"level":"warn"}\nsome plain line\n', 'some plain line'],
    ['', 'etcdctl failed with no output'],
  ])('the error line of %j', (output, line) => {
    expect(etcdErrorLine(output)).toBe(line);
  });

  it('a failure message gives etcd\'s words and what they mean', () => {
    const output = '{"level":"warn","error":"all SubConns are in TransientFailure"}\nError: etcdserver: too many learner members in cluster\n';
    expect(explainEtcdFailure('add m4', output)).toBe(
      'add m4: etcdserver: too many learner members in cluster (etcd allows one learner at a time: promote (or remove) the learner there is first)',
    );
  });
});

describe('membership decisions', () => {
  it.each<[string, EtcdMember[], { name?: string; peerUrls: string[] } | undefined, string]>([
    ['the started members', [M2, M1], undefined, 'm1=http://127.0.46.201:2380,m2=http://127.0.46.202:2380'],
    [
      'a learner that never started, under the name it will have',
      [L3, M1, M2],
      { name: 'm3', peerUrls: ['http://127.0.46.203:2380'] },
      'm1=http://127.0.46.201:2380,m2=http://127.0.46.202:2380,m3=http://127.0.46.203:2380',
    ],
    [
      'a member with two peer URLs',
      [member('5', 'a', 1, { peerUrls: ['https://10.0.0.1:2380', 'https://a.example:2380'] })],
      undefined,
      'a=https://10.0.0.1:2380,a=https://a.example:2380',
    ],
  ])('initial_cluster of %s', (_title, members, target, expected) => {
    expect(initialCluster(members, target)).toBe(expected);
  });

  const healthy = (...n: number[]) => n.map((i) => ({ endpoint: `http://127.0.46.${i}:2379`, healthy: true }));
  const v = (n: number, name = `m${n}`) => member(String(n), name, n);
  it.each<[string, EtcdMember[], EtcdMember, ReturnType<typeof healthy>, string | undefined]>([
    ['a healthy voter of 3 healthy', [v(1), v(2), v(3)], v(3), healthy(1, 2, 3), undefined],
    ['a dead voter of 3 (replace-member)', [v(1), v(2), v(3)], v(3), healthy(1, 2), undefined],
    [
      'a healthy voter of 3 while another is down',
      [v(1), v(2), v(3)],
      v(1),
      healthy(1, 2),
      'removing m1 would break quorum: voters 3, healthy 2; after the removal 2 voters need a quorum of 2 but 1 healthy would remain',
    ],
    ['a learner, whatever the health', [v(1), v(2), { ...v(3), isLearner: true }], { ...v(3), isLearner: true }, healthy(1), undefined],
    ['the last voter', [v(1)], v(1), healthy(1), 'removing m1 would leave no voting member (voters 1)'],
    ['one of 4 with one down (3 remain, 2 healthy)', [v(1), v(2), v(3), v(4)], v(4), healthy(1, 2, 4), undefined],
    ['a member that never started', [v(1), v(2), v(3), v(4, '')], v(4, ''), healthy(1, 2, 3), undefined],
  ])('removing %s', (_title, members, target, health, refusal) => {
    expect(removalRefusal(members, target, health)).toBe(refusal);
  });

  it('registers the member, all members, the cluster id and the quorum numbers', () => {
    expect(membershipValues({ clusterId, members: [L3, M1, M2] }, { name: 'm3', peerUrls: ['http://127.0.46.203:2380'] })).toEqual({
      member: { id: '8362266822375555034', name: '', peer_urls: ['http://127.0.46.203:2380'], client_urls: [], is_learner: true, started: false },
      members: [
        { id: '8362266822375555034', name: '', peer_urls: ['http://127.0.46.203:2380'], client_urls: [], is_learner: true, started: false },
        { id: '8955962169566298057', name: 'm1', peer_urls: ['http://127.0.46.201:2380'], client_urls: ['http://127.0.46.201:2379'], is_learner: false, started: true },
        { id: '11568059132853807276', name: 'm2', peer_urls: ['http://127.0.46.202:2380'], client_urls: ['http://127.0.46.202:2379'], is_learner: false, started: true },
      ],
      cluster_id: clusterId,
      initial_cluster: 'm1=http://127.0.46.201:2380,m2=http://127.0.46.202:2380,m3=http://127.0.46.203:2380',
      voters: 2,
      quorum: 2,
      tolerance: 0,
    });
  });
});

describe('the data dir', () => {
  // The first 64 bytes of the WAL of member m1 (8955962169566298057) of cluster 1902867979784873147.
  const walHead = Buffer.from('BAAAAAAAAIQIBBAAAAAAAB4AAAAAAACCCAEQjZrmig0aFAjJ/9fWx4T+pHwQu8mrrIiLlrQaAAAOAAAAAAAAgg==', 'base64');

  it.each<[string, Buffer, { memberId: string; clusterId: string } | undefined]>([
    ['a WAL head', walHead, { memberId: '8955962169566298057', clusterId: '1902867979784873147' }],
    ['a head cut inside the metadata record', walHead.subarray(0, 30), undefined],
    ['no bytes', Buffer.alloc(0), undefined],
    ['not a WAL', Buffer.from('hello, this is not a write-ahead log at all'), undefined],
  ])('ids from %s', (_title, head, expected) => {
    expect(readWalMetadata(head)).toEqual(expected);
  });

  it.each<[string, string, DataDirFacts]>([
    ['no member/', '', { hasMember: false }],
    ['member/ without a WAL file', 'member\n', { hasMember: true }],
    ['member/ and the WAL head', `member\n${walHead.toString('base64')}\n`, { hasMember: true, wal: { memberId: '8955962169566298057', clusterId } }],
  ])('the data dir query reads %s', (_title, stdout, expected) => {
    expect(dataDirQuery('/var/lib/etcd').parse({ stdout, rc: 0 })).toEqual(expected);
  });

  const wal = (memberId: string, cluster = clusterId): DataDirFacts => ({ hasMember: true, wal: { memberId, clusterId: cluster } });
  it.each<[string, DataDirFacts, EtcdMember | undefined, boolean, string]>([
    ['empty', { hasMember: false }, undefined, false, 'holds no member'],
    ["this host's member", wal(M1.id), M1, false, "holds this host's member 8955962169566298057"],
    ['another cluster', wal(M1.id, '42'), M1, true, `belongs to cluster 42, not ${clusterId}`],
    ['a member the cluster does not list for this host', wal('77'), undefined, true, 'holds member 77, which this cluster does not list for this host'],
    ['an earlier member of this host (removed and added again)', wal('77'), M1, true, `holds member 77, but this host's member is ${M1.id}`],
    ['member/ without a WAL', { hasMember: true }, M1, true, 'holds member/ without a readable WAL'],
  ])('%s', (_title, dir, self, stale, reason) => {
    expect(judgeDataDir(dir, clusterId, self)).toEqual({ stale, reason });
  });
});

describe('the etcdctl command and the change loop', () => {
  const access = { endpoints: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'], caFile: '/etc/etcd/pki/ca.crt', certFile: '/etc/etcd/pki/admin.crt', keyFile: '/etc/etcd/pki/admin.key', commandTimeout: 5 };

  it.each<[string, Parameters<typeof etcdctlCommand>[0], string]>([
    [
      'TLS',
      access,
      'env -u ETCDCTL_ENDPOINTS ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.1:2379,https://10.0.0.2:2379 --cacert=/etc/etcd/pki/ca.crt --cert=/etc/etcd/pki/admin.crt --key=/etc/etcd/pki/admin.key --dial-timeout=5s --command-timeout=5s member list -w json',
    ],
    [
      'plain HTTP',
      { endpoints: ['http://127.0.46.1:2379'], commandTimeout: 2 },
      'env -u ETCDCTL_ENDPOINTS ETCDCTL_API=3 etcdctl --endpoints=http://127.0.46.1:2379 --dial-timeout=2s --command-timeout=2s member list -w json',
    ],
  ])('%s', (_title, a, expected) => {
    expect(etcdctlCommand(a, ['member', 'list', '-w', 'json'])).toBe(expected);
  });

  it('retries the passing messages, goes on when the change is in place, fails on anything else', () => {
    const script = changeScript(access, { args: ['member', 'add', 'm4', '--peer-urls=https://10.0.0.4:2380', '--learner'], alreadyDone: ['member-exists'], retrySeconds: 15 });
    const lines = script.split('\n');
    expect(lines[0]).toBe('deadline=$(( $(date +%s) + 15 ))');
    expect(lines).toContain("    *'Peer URLs already exists'*|*'member ID already exist'*) printf '%s %s\\n' '__quorum_already__' \"$err\"; break ;;");
    expect(lines).toContain("    *'not enough started members'*)");
    expect(lines).toContain("    *'too many learner members'*)");
    expect(lines).toContain("    *'unhealthy cluster'*)");
    expect(lines).toContain("    *'has already been bootstrapped'*) printf '%s\\n' \"$out\" >&2; exit \"$rc\" ;;");
    expect(lines).toContain('      if [ "$(date +%s)" -ge "$deadline" ]; then printf \'%s\\n\' "$out" >&2; exit 75; fi');
    expect(lines.at(-1)).toMatch(/^exec env -u ETCDCTL_ENDPOINTS .* member list -w json$/);
  });

  it('tests the in-sync promote message before the plain one it contains, so that a promote never counts a lagging learner as done', () => {
    const lines = changeScript(access, { args: ['member', 'promote', '740cbd5ea8babfda'], alreadyDone: ['not-a-learner'], retrySeconds: 15 }).split('\n');
    const lagging = lines.indexOf("    *'can only promote a learner member which is in sync with leader'*) printf '%s\\n' \"$out\" >&2; exit \"$rc\" ;;");
    const done = lines.indexOf("    *'can only promote a learner member'*) printf '%s %s\\n' '__quorum_already__' \"$err\"; break ;;");
    expect(lagging).toBeGreaterThan(0);
    expect(done).toBeGreaterThan(lagging);
  });

  it.each<[string, string, ReturnType<typeof readChangeOutput>]>([
    ['a clean change', `__quorum_member_list__\n${listTwo}\n`, { retried: [], listJson: `${listTwo}\n` }],
    [
      'two retries, then the change',
      `__quorum_retry__ Error: etcdserver: unhealthy cluster\n__quorum_retry__ Error: etcdserver: unhealthy cluster\n__quorum_member_list__\n${listTwo}`,
      { retried: ['Error: etcdserver: unhealthy cluster', 'Error: etcdserver: unhealthy cluster'], listJson: listTwo },
    ],
    [
      'in place already',
      `__quorum_already__ Error: etcdserver: Peer URLs already exists\n__quorum_member_list__\n${listTwo}`,
      { retried: [], already: 'Error: etcdserver: Peer URLs already exists', listJson: listTwo },
    ],
    ['failed before the list', '__quorum_retry__ Error: etcdserver: unhealthy cluster\n', { retried: ['Error: etcdserver: unhealthy cluster'] }],
  ])('reads the output of %s', (_title, stdout, expected) => {
    expect(readChangeOutput(stdout)).toEqual(expected);
  });
});

describe('the etcd_member module', () => {
  const endpoints = ['http://127.0.46.201:2379', 'http://127.0.46.202:2379'];
  const chosen = (members: EtcdMember[]) => ({ membership: { clusterId, members }, endpoints, ignored: [] });
  const two = { membership: chosen([M1, M2]) };
  const withLearner = { membership: chosen([L3, M1, M2]) };
  const m3 = { endpoints, name: 'm3', peer_urls: ['http://127.0.46.203:2380'] };
  const done = (stdout: string, rc = 0, stderr = ''): StepOutput => ({ rc, stdout, stderr, startedAt: new Date(0), endedAt: new Date(0) });

  it.each<[string, JsonObject, Parameters<typeof planFor<typeof etcd_member.spec, unknown, undefined>>[2], boolean, JsonObject]>([
    ['info reads only', { endpoints }, two, false, { changed: false, steps: [], values: { voters: 2, quorum: 2, tolerance: 0, member: null } }],
    ['learner: a new member is added', { ...m3, state: 'learner' }, two, false, { changed: true, msg: 'add m3 (http://127.0.46.203:2380) as a learner' }],
    ['learner: an entry with the peer URL is reused (lost reply, earlier join that died)', { ...m3, state: 'learner' }, withLearner, false, { changed: false, steps: [], values: { member: { id: L3.id, is_learner: true, started: false } } }],
    ['learner in check mode predicts the entry', { ...m3, state: 'learner' }, two, true, { changed: true, steps: [], msg: 'would add m3 (http://127.0.46.203:2380) as a learner', values: { voters: 2, initial_cluster: 'm1=http://127.0.46.201:2380,m2=http://127.0.46.202:2380,m3=http://127.0.46.203:2380', member: { is_learner: true, started: false } } }],
    ['voter: the learner is promoted', { ...m3, state: 'voter' }, withLearner, false, { changed: true, msg: 'promote m3 (740cbd5ea8babfda) to a voter' }],
    ['voter in check mode predicts one more voter', { ...m3, state: 'voter' }, withLearner, true, { changed: true, steps: [], values: { voters: 3, quorum: 2, tolerance: 1 } }],
    ['voter: not a member', { ...m3, state: 'voter' }, two, false, { changed: false, failed: true, msg: `m3 is not a member of cluster ${clusterId}: add it first (state=learner)` }],
    ['voter: a voter already', { endpoints, name: 'm1', peer_urls: ['http://127.0.46.201:2380'], state: 'voter' }, two, false, { changed: false, steps: [], msg: 'member m1 is a voter' }],
    ['learner: a peer URL of another started member', { endpoints, name: 'm9', peer_urls: ['http://127.0.46.201:2380'], state: 'learner' }, two, false, { failed: true, msg: 'the peer URLs http://127.0.46.201:2380 belong to member m1 7c49f8247ad5ffc9 (voter), not m9: remove it first (state=absent) or give its name' }],
    ['absent: not a member', { ...m3, state: 'absent' }, { ...two, health: { ok: [] } }, false, { changed: false, steps: [], msg: 'm3 is not a member' }],
    ['absent: refused when it breaks quorum', { endpoints, name: 'm1', state: 'absent' }, { ...two, health: { ok: [{ endpoint: 'http://127.0.46.201:2379', healthy: true }] } }, false, { failed: true, msg: 'removing m1 would break quorum: voters 2, healthy 1; after the removal 1 voters need a quorum of 1 but 0 healthy would remain' }],
    ['absent: a learner goes', { ...m3, state: 'absent' }, { ...withLearner, health: { ok: [] } }, false, { changed: true, msg: 'remove (not started) 740cbd5ea8babfda (learner, never started)' }],
    ['a cluster that does not answer', { endpoints }, { membership: { error: 'no endpoint answered: x: member list: context deadline exceeded' } }, false, { failed: true, msg: 'no endpoint answered: x: member list: context deadline exceeded' }],
  ])('%s', (_title, args, facts, check, expected) => {
    expect(planFor(etcd_member, args, facts as never, undefined, planContext({ check }))).toMatchObject(expected);
  });

  it.each<[string, StepOutput, JsonObject]>([
    ['the member list after the add', done(`__quorum_member_list__\n${listWithLearner}`), { changed: true, values: { voters: 2, member: { id: L3.id }, membership_retries: [], ignored_endpoints: [] } }],
    ['an add whose earlier reply was lost', done(`__quorum_already__ Error: etcdserver: member ID already exist\n__quorum_member_list__\n${listWithLearner}`), { changed: false, msg: 'add m3 (http://127.0.46.203:2380) as a learner: in place already (Error: etcdserver: member ID already exist)' }],
    ['etcd still unhealthy after the retries', done('__quorum_retry__ Error: etcdserver: unhealthy cluster\n', 75, 'Error: etcdserver: unhealthy cluster\n'), { changed: false, failed: true, msg: expect.stringMatching(/^add m3 .*: etcdserver: unhealthy cluster \(a voting member is down .*\) \(still refused after 15 s of retries\)$/) as unknown as string }],
  ])('completes %s', (_title, output, expected) => {
    const plan = planFor(etcd_member, { ...m3, state: 'learner' }, two, undefined);
    expect(plan.complete?.([output])).toMatchObject(expected);
  });

  it.each<[JsonObject, string]>([
    [{ endpoints, state: 'learner', name: 'x' }, 'state is learner but all of the following are missing: peer_urls'],
    [{ endpoints, state: 'joined' }, 'value of state must be one of: info, learner, voter, absent, got: joined'],
    [{ endpoints, cert_file: '/a' }, 'parameters are required together: cert_file, key_file'],
    [{ state: 'info' }, 'missing required arguments: endpoints'],
  ])('refuses %j', (args, message) => {
    expect(etcd_member.check(args).problems.map((p) => p.message)).toContain(message);
  });
});
