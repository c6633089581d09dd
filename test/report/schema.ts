import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The report contract (src/contract/report.schema.json) as an ajv 2020 validator, formats checked. */
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/contract/report.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const check = ajv.compile(schema);

/** Errors against the contract, or an empty string when the report conforms. */
export function reportErrors(report: unknown): string {
  return check(report) ? '' : ajv.errorsText(check.errors);
}
