import { Option } from 'commander';
import { sparkEngine } from './spark.js';
import type { HeavyEngine } from './types.js';
import type { SparkOptions } from './spark-job.js';

export interface EngineFlags {
  engine?: 'in-process' | 'spark';
  sparkMaster?: string;
  sparkSubmit?: string;
  sparkPython?: string;
  sparkConf?: string[];
  sparkOut?: string;
  sparkTextSplit?: number;
  sparkExtract?: boolean;
}

/** The scan's --engine flags (README: "Running the heavy stages on Spark"). */
export function engineOptions(): Option[] {
  return [
    new Option('--engine <engine>', 'where the heavy stages (text, episodes, pair counting, pruning) run').choices(['in-process', 'spark']).default('in-process'),
    new Option('--spark-master <url>', 'with --engine spark: the Spark master (local[*], spark://host:7077, yarn, k8s://…)').default('local[*]'),
    new Option('--spark-submit <path>', 'with --engine spark: the spark-submit to run').default('spark-submit'),
    new Option('--spark-python <path>', 'with --engine spark: Python for the job (PYSPARK_PYTHON; needs pandas and pyarrow)'),
    new Option('--spark-conf <key=value>', 'with --engine spark: a Spark setting, repeatable').argParser((v: string, prev: string[] = []) => [...prev, v]),
    new Option('--spark-text-split <rounds>', 'with --engine spark: split the text leader pass by connected texts, with this many label-propagation rounds (0: one task)')
      .argParser((v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new Error(`--spark-text-split takes a whole number of rounds, not ${v}`);
        return n;
      }),
    new Option('--spark-extract', 'with --engine spark: do not read the events here: a second Spark phase cuts out what the timing test reads for Louvain\'s communities'),
    new Option('--spark-out <dir>', 'with --engine spark: keep the job\'s Parquet outputs here (default: a temporary directory, removed)'),
  ];
}

/**
 * With --engine spark --spark-extract: the scan as a whole on Spark (src/engine/spark-scan.ts),
 * which reads no event here; else undefined. The same checks as engineFromFlags.
 */
export function sparkScanFromFlags(flags: Parameters<typeof engineFromFlags>[0] & { rejects?: string; strict?: boolean }, inputs: string[]): SparkOptions & { out?: string } | undefined {
  if (!flags.sparkExtract) return undefined;
  if ((flags.engine ?? 'in-process') !== 'spark') throw new Error('--spark-extract goes with --engine spark');
  // The job counts rejects; it does not list them or stop at the first one.
  if (flags.rejects) throw new Error('--spark-extract reads no record here, so it cannot write --rejects: run without --spark-extract to list them');
  if (flags.strict) throw new Error('--spark-extract reads no record here, so it cannot stop at the first invalid one (--strict)');
  engineFromFlags(flags, inputs);
  return sparkOptions(flags);
}

/**
 * The heavy engine the flags ask for, or undefined for in-process. The Spark job reads the same
 * files itself, so only what it reads the same way is allowed: NDJSON files (plain or gzip) or
 * Parquet, with the contract's field names and id duplicates.
 */
export function engineFromFlags(flags: EngineFlags & { format?: string; map?: string; duplicates?: string; from?: number; to?: number; allowAnyTime?: boolean }, inputs: string[]): HeavyEngine | undefined {
  if ((flags.engine ?? 'in-process') === 'in-process') return undefined;
  if (!inputs.length || inputs.includes('-')) throw new Error('--engine spark reads files (the job opens them itself): give file paths or URIs, not stdin or a store');
  if (flags.map || (flags.format && !['auto', 'ndjson'].includes(flags.format))) throw new Error('--engine spark reads NDJSON or Parquet in the event contract\'s fields: no --map or --format csv/json');
  const other = inputs.find((i) => /\.(csv|tsv|json)(\.gz)?$/i.test(i));
  if (other) throw new Error(`--engine spark reads NDJSON or Parquet in the event contract's fields: ${other} looks like CSV or a JSON array`);
  if (flags.duplicates && flags.duplicates !== 'id') throw new Error('--engine spark drops duplicates by id only (--duplicates id)');
  if (flags.from !== undefined || flags.to !== undefined) throw new Error('--engine spark scans whole inputs: no --from/--to');
  return sparkEngine(inputs, sparkOptions(flags));
}

function sparkOptions(flags: EngineFlags & { allowAnyTime?: boolean }): SparkOptions & { out?: string } {
  return {
    submit: flags.sparkSubmit ?? 'spark-submit',
    master: flags.sparkMaster ?? 'local[*]',
    python: flags.sparkPython,
    args: (flags.sparkConf ?? []).flatMap((c) => ['--conf', c]),
    out: flags.sparkOut,
    textSplitRounds: flags.sparkTextSplit,
    allowAnyTime: flags.allowAnyTime,
  };
}
