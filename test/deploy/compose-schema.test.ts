// docker-compose.yml against the Compose Specification's JSON schema (no Docker needed).
// compose-spec.schema.json beside this file is the Compose Specification's schema
// (compose-spec/compose-spec, Apache-2.0) as bundled in the npm package dclint 3.1.0
// (schemas/compose.schema.json, sha256 46b7d35f19dd93a05f8fea530291bf84d881c1791ec167ecf0e6fb94e639d496),
// copied unchanged so that the check runs offline. Validated as dclint validates it: ajv, draft-07,
// union types allowed, unknown keywords (e.g. `deprecated`) ignored.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'compose-spec.schema.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateSchema: false });
const check = ajv.compile(schema);
const errors = (doc: unknown) => (check(doc) ? '' : ajv.errorsText(check.errors, { separator: '\n' }));
const compose = () => load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Record<string, unknown>> };

describe('docker-compose.yml and the Compose Specification schema', () => {
  it('is the Compose Specification schema', () => {
    expect(schema.title).toBe('Compose Specification');
    expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(['name', 'services', 'volumes']));
  });

  it('conforms, with every profile\'s services', () => {
    expect(errors(compose())).toBe('');
  });

  it('the check is not vacuous: a misspelt key, a bad depends_on condition and a list command given as a number fail', () => {
    const typo = compose();
    typo.services['spark-worker'].comand = typo.services['spark-worker'].command;
    delete typo.services['spark-worker'].command;
    expect(errors(typo)).toMatch(/must NOT have additional properties/);
    const condition = compose();
    condition.services['spark-worker'].depends_on = { 'spark-master': { condition: 'service_ready' } };
    expect(errors(condition)).toMatch(/must be equal to one of the allowed values/);
    const command = compose();
    command.services['spark-master'].command = 7077;
    expect(errors(command)).not.toBe('');
  });
});
