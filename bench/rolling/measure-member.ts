import type { Connection } from '../../engine/connect/types.js';
import { type MemberAddress, startMember, stopMember } from './member-control.js';
import { MemberStatusReader, pollUntil } from './member-status.js';

// One member's own restart, by hand, in three parts: its stop (SIGTERM until the process is gone), its start
// until it answers with a leader (start-to-healthy), and its catch-up (until its applied raft index reaches
// the leader's index as read when it became healthy).

export interface MemberTimes {
  host: string;
  wasLeader: boolean;
  stopMs: number;
  startToHealthyMs: number;
  catchUpMs: number;
}

export interface ClusterReaders {
  byHost: ReadonlyMap<string, MemberStatusReader>;
}

export async function measureMember(member: MemberAddress, connection: Connection, readers: ClusterReaders, startCommand: string): Promise<MemberTimes> {
  const own = readers.byHost.get(member.name)!;
  const before = await own.status();
  const stop = await stopMember(connection);
  const startMs = await startMember(connection, startCommand);
  const healthy = await pollUntil(`${member.name} to answer with a leader`, async () => {
    const s = await own.tryStatus();
    return s && s.leaderId !== '0' ? { atMs: Date.now(), leaderId: s.leaderId } : undefined;
  });
  const leaderIndex = await pollUntil('the leader\'s raft index', async () => {
    for (const reader of readers.byHost.values()) {
      const s = await reader.tryStatus();
      if (s && s.memberId === healthy.leaderId) return s.raftIndex;
    }
    return undefined;
  });
  const caughtUpAt = await pollUntil(`${member.name} to catch up to raft index ${leaderIndex}`, async () => {
    const s = await own.tryStatus();
    return s && s.raftAppliedIndex >= leaderIndex ? Date.now() : undefined;
  });
  return {
    host: member.name,
    wasLeader: before.leaderId === before.memberId,
    stopMs: stop.endMs - stop.startMs,
    startToHealthyMs: healthy.atMs - startMs,
    catchUpMs: caughtUpAt - healthy.atMs,
  };
}

export function ownTotalMs(t: MemberTimes): number {
  return t.stopMs + t.startToHealthyMs + t.catchUpMs;
}
