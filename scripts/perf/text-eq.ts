// Prints a digest of findTextGroups' output and its time (compare across commits).
import { createHash } from 'node:crypto';
import { ingestSources } from '../../src/ingest/index.js';
import { DEFAULT_TEXT_OPTIONS, findTextGroups } from '../../src/graph/text-similarity.js';
const { table } = await ingestSources([process.argv[2]], {});
const t = performance.now();
const r = findTextGroups(table, DEFAULT_TEXT_OPTIONS);
console.log(`text ${((performance.now() - t) / 1000).toFixed(2)} s, ${r.count} groups, digest ${createHash('sha1').update(new Uint8Array(r.groups.buffer)).digest('hex')}`);
