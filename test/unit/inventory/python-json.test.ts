import { describe, expect, it } from 'vitest';
import { pythonJson } from '../../../engine/inventory/python-json.js';

// The text of Python's json.dumps(value, sort_keys=True, indent=4, ensure_ascii=False), as ansible-inventory prints.
describe('pythonJson', () => {
  it.each([
    { value: {}, text: '{}' },
    { value: [], text: '[]' },
    { value: null, text: 'null' },
    { value: { b: 1, a: [true, null] }, text: '{\n    "a": [\n        true,\n        null\n    ],\n    "b": 1\n}' },
    { value: { B: 1, a: 2, _m: 3 }, text: '{\n    "B": 1,\n    "_m": 3,\n    "a": 2\n}' },
    { value: { k: 'é "q" \n' }, text: '{\n    "k": "é \\"q\\" \\n"\n}' },
    { value: { n: { e: {}, l: [] } }, text: '{\n    "n": {\n        "e": {},\n        "l": []\n    }\n}' },
    { value: [Infinity, -Infinity, NaN, 1.5], text: '[\n    Infinity,\n    -Infinity,\n    NaN,\n    1.5\n]' },
  ])('$text', ({ value, text }) => {
    expect(pythonJson(value)).toBe(text);
  });
});
