// quorum's own play keyword: which quorum group a play acts on and how cautiously it rolls through it.
//   rolling:
//     cluster: etcd                  # the inventory group whose hosts are the members
//     cluster_var: etcd_cluster_name # optional: a host variable splitting the group into several clusters
//     max_unavailable: 1             # optional: never more voters down at once (the quorum rules may lower it)
//     members: joining               # optional: all (default) | joining: only hosts not yet voting members
//     gate: {checks: 3, interval: 1, timeout: 120}   # health gate between batches, in seconds
import type { SchemaObject } from 'ajv';
import { variableName } from './common.js';

export const rolling: SchemaObject = {
  title: 'rolling',
  type: 'object',
  properties: {
    cluster: { type: 'string', pattern: '\\S' },
    cluster_var: { type: 'string', pattern: variableName },
    max_unavailable: { type: 'integer', minimum: 1 },
    members: { enum: ['all', 'joining'] },
    gate: {
      title: 'rolling.gate',
      type: 'object',
      properties: {
        checks: { type: 'integer', minimum: 1 },
        interval: { type: 'number', exclusiveMinimum: 0 },
        timeout: { type: 'number', exclusiveMinimum: 0 },
      },
      additionalProperties: false,
    },
  },
  required: ['cluster'],
  additionalProperties: false,
};
