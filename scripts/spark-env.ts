/**
 * A Python with PySpark for the Spark tests and the scaling script: a venv built from
 * spark/requirements.txt, cached under ~/.cache/lockstep (or $LOCKSTEP_SPARK_VENV) and keyed by the
 * requirements' hash, so a fresh clone reuses it and a changed pin rebuilds it.
 *
 *   npx tsx scripts/spark-env.ts     # installs if needed, prints the venv's python
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface SparkEnv {
  python: string;
  /** spark-submit of the pip-installed pyspark. */
  submit: string;
  /** Seconds spent installing (0 when the cached venv was used). */
  installSeconds: number;
}

export function sparkEnv(log: (s: string) => void = () => {}): SparkEnv {
  const req = readFileSync(join(ROOT, 'spark', 'requirements.txt'), 'utf8');
  const key = createHash('sha1').update(req).digest('hex').slice(0, 10);
  const dir = process.env.LOCKSTEP_SPARK_VENV ?? join(homedir(), '.cache', 'lockstep', `spark-venv-${key}`);
  const python = join(dir, 'bin', 'python');
  const submit = join(dir, 'bin', 'spark-submit');
  const marker = join(dir, '.installed');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === req) return { python, submit, installSeconds: 0 };
  const t0 = performance.now();
  log(`[spark] installing PySpark into ${dir} (once; pip caches the wheels)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  execFileSync('python3', ['-m', 'venv', dir], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', join(ROOT, 'spark', 'requirements.txt')], { stdio: 'inherit', timeout: 900_000 });
  writeFileSync(marker, req);
  return { python, submit, installSeconds: (performance.now() - t0) / 1000 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(sparkEnv((s) => process.stderr.write(s + '\n')).python);
}
