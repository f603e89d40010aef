// A saved plan carries the sha256 of its own text, so that `quorum apply` can tell a file edited by hand
// ("modified": someone changed what was reviewed) from a plan whose cluster or inputs moved on ("stale"). The
// digest is taken over the whole text with the digest's own value written as 64 zeros, then put in its place;
// checking undoes that. Any edit, to a batch or to a space, makes the file "modified". Pure.
import { createHash } from 'node:crypto';

const PLACEHOLDER = '0'.repeat(64);
const FIELD = /"plan_sha256": "([0-9a-f]{64})"\n\}\n?$/;

/** The plan's JSON text, sealed: `"plan_sha256"` is the last field of the document. */
export function sealPlanText(document: object): string {
  const text = `${JSON.stringify({ ...document, plan_sha256: PLACEHOLDER }, null, 2)}\n`;
  const digest = createHash('sha256').update(text).digest('hex');
  return text.replace(`"plan_sha256": "${PLACEHOLDER}"`, `"plan_sha256": "${digest}"`);
}

export type SealCheck = { sealed: true; intact: boolean; expected: string; actual: string } | { sealed: false };

/** Whether the text is the one `sealPlanText` wrote (a plan saved before plans were sealed is `sealed: false`). */
export function checkPlanSeal(text: string): SealCheck {
  const found = FIELD.exec(text);
  if (found === null) return { sealed: false };
  const recorded = found[1]!;
  const unsealed = text.slice(0, found.index) + text.slice(found.index).replace(recorded, PLACEHOLDER);
  const actual = createHash('sha256').update(unsealed).digest('hex');
  return { sealed: true, intact: actual === recorded, expected: recorded, actual };
}
