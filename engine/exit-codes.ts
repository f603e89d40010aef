// The exit codes of every quorum command. They are ansible-playbook's, so that the wrappers and CI jobs
// SREs already have around ansible-playbook read quorum's results the same way.
export const ExitCode = {
  ok: 0,
  error: 1,
  hostFailed: 2,
  hostUnreachable: 3,
  parserError: 4,
  badOptions: 5,
  interrupted: 99,
  unexpected: 250,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
