// The raft arithmetic every planning decision rests on. Learners never vote, so only voters count here.
// tolerance is computed from voters - quorum rather than floor(n / 2): the latter is right only for odd n
// (with 4 voters it allows 2 down, and 2 of 4 is not a majority).

export interface QuorumNumbers {
  voters: number;
  /** The fewest voters that must be up for the cluster to accept writes: a strict majority. */
  quorum: number;
  /** How many voters may be down at the same time with the cluster still available. */
  tolerance: number;
}

export function quorumNumbers(voters: number): QuorumNumbers {
  if (!Number.isInteger(voters) || voters < 0) {
    throw new RangeError(`voters must be a whole number of members, got ${voters}`);
  }
  const quorum = Math.floor(voters / 2) + 1;
  return { voters, quorum, tolerance: Math.max(0, voters - quorum) };
}
