import type { CommonKeywords, Condition, Role, Vars } from '../load/types.js';

// What a task inherits from the blocks, roles and includes around it. Ansible applies a block's or role's
// keywords to every task inside; the frame carries them down the walk so that each task sees its own.

export interface Frame {
  role?: Role;
  roleParams: Vars;
  includeParams: Vars;
  /** The vars of the blocks around the task, outermost first. */
  blockVars: Vars[];
  tags: string[];
  /** Conditions of enclosing blocks, roles and imports: all must hold too. */
  when: Condition[];
  keywords: Omit<Partial<CommonKeywords>, 'tags' | 'when' | 'vars' | 'environment'>;
  handler: boolean;
  /** Inside a block (at any depth) whose rescue takes over a failure: the recap counts it as rescued. */
  rescuable?: boolean;
  /** A looped include's item for each host (hosts may loop over different lists). */
  perHostParams?: ReadonlyMap<string, Vars>;
  /**
   * The `environment:` of the play, blocks, roles and imports around the task, outermost first: Ansible
   * extends an inherited environment rather than replacing it (an inner variable wins over an outer one).
   */
  environment?: Environment[];
}

/** An `environment:` as written: a mapping of names to values, or one template giving such a mapping. */
export type Environment = NonNullable<CommonKeywords['environment']>;

export const rootFrame: Frame = {
  roleParams: {},
  includeParams: {},
  blockVars: [],
  tags: [],
  when: [],
  keywords: {},
  handler: false,
};

type Inheritable = Omit<Partial<CommonKeywords>, 'tags' | 'when' | 'vars' | 'environment'>;

const keywordNames = [
  'become',
  'becomeUser',
  'ignoreErrors',
  'checkMode',
  'diff',
  'noLog',
  'runOnce',
  'delegateTo',
] as const satisfies readonly (keyof Inheritable)[];

/** The keywords of `node` over those inherited: the innermost setting wins. */
export function mergeKeywords(outer: Inheritable, node: Partial<CommonKeywords>): Inheritable {
  const merged: Inheritable = { ...outer };
  for (const name of keywordNames) {
    const value = node[name];
    if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  }
  return merged;
}

/** A frame for the children of a block (or a role, or an import) that carries `node`'s keywords. */
export function enter(frame: Frame, node: Partial<CommonKeywords> & { vars?: Vars }, extra: Partial<Frame> = {}): Frame {
  return {
    ...frame,
    ...extra,
    blockVars: node.vars && Object.keys(node.vars).length > 0 ? [...frame.blockVars, node.vars] : frame.blockVars,
    tags: [...frame.tags, ...(node.tags ?? [])],
    when: [...frame.when, ...(node.when ?? [])],
    keywords: mergeKeywords(frame.keywords, node),
    environment: node.environment === undefined ? frame.environment : [...(frame.environment ?? []), node.environment],
  };
}
