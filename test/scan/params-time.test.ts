import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../src/detect/params.js';
import { ScanRequest } from '../../src/api/schemas.js';
import { PARAM_SPECS, paramOptions, paramsFromFlags } from '../../src/scan/params.js';
import { parseDay, parseDuration, parseInstant } from '../../src/scan/time.js';

describe('parameter table', () => {
  it('has a CLI flag and an API field for every parameter detection defines, and nothing else', () => {
    const keys = Object.keys(DEFAULT_PARAMS).sort();
    expect(PARAM_SPECS.map((p) => p.key).sort()).toEqual(keys);
    const apiFields = Object.keys(ScanRequest.shape).filter((k) => k !== 'from' && k !== 'to').sort();
    expect(apiFields).toEqual(keys);
    const flags = paramOptions().map((o) => o.long);
    expect(flags).toContain('--null-draws');
    expect(flags).toContain('--max-evidence');
    expect(flags).toContain('--min-size');
  });

  const parse = (argv: string[]) => {
    const cmd = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    for (const o of paramOptions()) cmd.addOption(o);
    cmd.parse(argv, { from: 'user' });
    return paramsFromFlags(cmd.opts());
  };

  // Whatever choice parameter detection defines (regime, formerly nullModel): its options come from params.ts.
  const choice = PARAM_SPECS.find((p) => p.kind === 'choice')!;
  const options = (choice.schema as unknown as { options: string[] }).options;
  const other = options.find((o) => o !== choice.default)!;

  it('a string parameter with exported options becomes a choice, in both the CLI and the API', () => {
    expect(choice).toBeDefined();
    expect(options.length).toBeGreaterThan(1);
    expect(options).toContain(choice.default);
    const flag = paramOptions().find((o) => o.long === `--${choice.flag}`)!;
    expect(flag.argChoices).toEqual(options);
  });

  it('CLI flags give the same values the API accepts, defaults included', () => {
    expect(parse([])).toEqual(DEFAULT_PARAMS);
    const p = parse(['--null-draws', '80', '--max-evidence', '3', '--scales', '1,4', '--min-size', '5', `--${choice.flag}`, other]);
    expect(p).toMatchObject({ nullDraws: 80, maxEvidence: 3, scales: [1, 4], minClusterSize: 5, [choice.key]: other });
    expect(ScanRequest.safeParse({ nullDraws: 80, maxEvidence: 3, scales: [1, 4], minClusterSize: 5, [choice.key]: other }).success).toBe(true);
  });

  it('the CLI rejects what the API rejects, with the schema\'s message', () => {
    for (const bad of [['--null-draws', '0'], ['--threshold', '2'], ['--scales', '1,x'], ['--min-size', '1'], [`--${choice.flag}`, 'x']]) {
      expect(() => parse(bad), bad.join(' ')).toThrow();
      const key = PARAM_SPECS.find((s) => `--${s.flag}` === bad[0])!.key;
      expect(ScanRequest.safeParse({ [key]: bad[1] === '1,x' ? [1, NaN] : Number.isNaN(Number(bad[1])) ? bad[1] : Number(bad[1]) }).success, bad.join(' ')).toBe(false);
    }
  });
});

describe('time parser', () => {
  it('reads times with a zone, dates as midnight UTC, and epoch ms', () => {
    expect(parseInstant('2024-03-04T12:00:00Z')).toBe(Date.UTC(2024, 2, 4, 12));
    expect(parseInstant('2024-03-04T12:00:00+02:00')).toBe(Date.UTC(2024, 2, 4, 10));
    expect(parseInstant('2024-03-04')).toBe(Date.UTC(2024, 2, 4));
    expect(parseInstant('1709553600000')).toBe(1709553600000);
    expect(parseInstant(1709553600000)).toBe(1709553600000);
  });

  it('refuses a time without a zone (it would be read in the machine\'s zone) and impossible dates', () => {
    for (const bad of ['2024-03-04T12:00:00', '2024-03-04 12:00', '2024-02-30', 'March 4', '', 'now']) expect(parseInstant(bad), bad).toBeUndefined();
  });

  it('days and durations', () => {
    expect(parseDay('2024-03-06')).toBe(Date.UTC(2024, 2, 6));
    expect(() => parseDay('2024-03-06T00:00:00Z')).toThrow(/YYYY-MM-DD/);
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration('36h')).toBe(36 * 3_600_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(() => parseDuration('3 days')).toThrow(/duration/);
  });
});
