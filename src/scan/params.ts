import { Option, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import * as detectParams from '../detect/params.js';
import { DEFAULT_PARAMS, type ScanParams } from '../detect/params.js';

/**
 * The scan parameters as one table, from which the CLI flags and the API schema are both made.
 * The list of parameters and their defaults is whatever src/detect/params.ts's DEFAULT_PARAMS holds:
 * a parameter added there gets a flag and an API field from its default's type, and the notes below
 * only refine help text, bounds and flag names. A string parameter is a choice when params.ts
 * exports its options as `<NAME>S` (e.g. `regime` → `REGIMES`), with help text as `<NAME>_HELP`.
 */
export interface ParamSpec {
  key: string;
  /** CLI flag name without dashes. */
  flag: string;
  help: string;
  /** Validates one value; the CLI runs the same schema on the parsed flag. */
  schema: z.ZodType;
  kind: 'number' | 'list' | 'choice' | 'string' | 'boolean';
  default: unknown;
}

interface Note {
  flag?: string;
  help?: string;
  schema?: z.ZodType;
}

const seconds = z.number().positive().max(86_400 * 30);
const NOTES: Partial<Record<string, Note>> = {
  window: { help: 'base co-action window, seconds', schema: seconds },
  scales: { help: 'window multiples also examined (comma-separated)', schema: z.array(z.number().positive().max(1000)).min(1).max(10) },
  threshold: { help: 'flag clusters scoring at least this (0-1)', schema: z.number().min(0).max(1) },
  seed: { help: 'seed for community detection and the null model', schema: z.number().int() },
  resolution: { help: 'Louvain resolution', schema: z.number().positive().max(100) },
  fanout: { help: 'pair each event with at most k preceding events on its target', schema: z.number().int().min(1).max(10_000) },
  minTargets: { help: 'repetition a pair needs (distinct targets, weighted by action rarity)', schema: z.number().positive().max(10_000) },
  topK: { help: 'strongest edges kept per account', schema: z.number().int().min(1).max(10_000) },
  episodeGap: { help: 'silence (seconds) that splits activity on one target into episodes', schema: seconds },
  minClusterSize: { flag: 'min-size', help: 'smallest cluster reported (two in a slice; a population tests three or more)', schema: z.number().int().min(2).max(100_000) },
  textSimilarity: { help: 'near-duplicate text threshold (Jaccard of character shingles)', schema: z.number().min(0).max(1) },
  nullDraws: { help: 'Monte Carlo draws per target in the null model', schema: z.number().int().min(1).max(10_000) },
  maxEvidence: { help: 'evidence items kept per cluster', schema: z.number().int().min(0).max(1000) },
};

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const words = (k: string) => kebab(k).replace(/-/g, ' ');

const upperSnake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
const exported = detectParams as Record<string, unknown>;

/** The choices and help params.ts exports for a string parameter (`<NAME>S`, `<NAME>_HELP`), if any. */
function choiceOf(key: string, value: unknown): { schema: z.ZodType; help?: string } | undefined {
  const name = upperSnake(key);
  const options = exported[`${name}S`];
  if (typeof value !== 'string' || !Array.isArray(options) || !options.length || !options.every((o) => typeof o === 'string') || !options.includes(value)) return undefined;
  const help = exported[`${name}_HELP`];
  return { schema: z.enum(options as [string, ...string[]]), help: typeof help === 'string' ? help : undefined };
}

/** A parameter's schema when no note gives one, read off its default value. */
function inferred(value: unknown): { kind: ParamSpec['kind']; schema: z.ZodType } {
  if (typeof value === 'number') return { kind: 'number', schema: Number.isInteger(value) ? z.number().int() : z.number() };
  if (typeof value === 'boolean') return { kind: 'boolean', schema: z.boolean() };
  if (Array.isArray(value)) return { kind: 'list', schema: z.array(z.number()).min(1) };
  return { kind: 'string', schema: z.string().max(256) };
}

export const PARAM_SPECS: readonly ParamSpec[] = Object.entries(DEFAULT_PARAMS).map(([key, value]) => {
  const note = { ...choiceOf(key, value), ...NOTES[key] };
  const base = inferred(value);
  const schema = note.schema ?? base.schema;
  const kind = schema instanceof z.ZodEnum ? 'choice' : base.kind;
  return { key, flag: note.flag ?? kebab(key), help: note.help ?? words(key), schema, kind, default: value };
});

/** zod fields for the API request: every parameter optional, described by its help. */
export function paramFields(): Record<string, z.ZodOptional<z.ZodType>> {
  return Object.fromEntries(PARAM_SPECS.map((p) => [p.key, p.schema.optional().describe(`${p.help[0].toUpperCase()}${p.help.slice(1)}. Default ${JSON.stringify(p.default)}.`)]));
}

function cliValue(p: ParamSpec, raw: string): unknown {
  switch (p.kind) {
    case 'number':
      return Number(raw);
    case 'list':
      return raw.split(',').map((v) => Number(v.trim()));
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

/** A commander option per parameter, validated by the same schema as the API field. */
export function paramOptions(): Option[] {
  return PARAM_SPECS.map((p) => {
    const o = new Option(`--${p.flag} <${p.kind === 'list' ? 'list' : 'value'}>`, p.help).default(p.default, p.kind === 'list' ? (p.default as unknown[]).join(',') : String(p.default));
    if (p.schema instanceof z.ZodEnum) return o.choices(p.schema.options.map(String));
    return o.argParser((raw: string) => {
      const r = p.schema.safeParse(cliValue(p, raw));
      if (!r.success) throw new InvalidArgumentError(r.error.issues.map((i) => i.message).join('; ') + '.');
      return r.data;
    });
  });
}

/** commander's option key for a flag (`min-size` → `minSize`). */
const optionKey = (flag: string) => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The scan parameters out of parsed CLI flags. */
export function paramsFromFlags(flags: Record<string, unknown>): Partial<ScanParams> {
  const out: Record<string, unknown> = {};
  for (const p of PARAM_SPECS) {
    const v = flags[optionKey(p.flag)];
    if (v !== undefined) out[p.key] = v;
  }
  return out as Partial<ScanParams>;
}
