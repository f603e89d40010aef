// A saved plan's seal: intact as written, broken by any edit, absent in plans saved before seals.
import { describe, expect, it } from 'vitest';
import { checkPlanSeal, sealPlanText } from '../../../engine/plan/plan-seal.js';

const text = sealPlanText({ format: 1, plan: { plays: [{ name: 'restart', batches: [['h2'], ['h1']] }] } });

describe('plan seal', () => {
  it.each<[string, string, boolean | 'unsealed']>([
    ['as written', text, true],
    ['a batch edited', text.replace('"h2"', '"h3"'), false],
    ['a space added', text.replace('"format": 1', '"format":  1'), false],
    ['the seal itself edited', text.replace(/"plan_sha256": "([0-9a-f])/, (_m, c: string) => `"plan_sha256": "${c === 'a' ? 'b' : 'a'}`), false],
    ['a plan saved before seals', JSON.stringify({ format: 1 }, null, 2), 'unsealed'],
  ])('%s', (_name, content, intact) => {
    const seal = checkPlanSeal(content);
    if (intact === 'unsealed') expect(seal.sealed).toBe(false);
    else expect(seal.sealed && seal.intact).toBe(intact);
  });

  it('is valid JSON with the digest as its last field', () => {
    expect(Object.keys(JSON.parse(text) as object).at(-1)).toBe('plan_sha256');
  });
});
