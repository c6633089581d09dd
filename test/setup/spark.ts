/**
 * vitest globalSetup: the PySpark venv the Spark tests run on (scripts/spark-env.ts), built once
 * before any test file starts. Five test files call sparkEnv(); on a machine without the cached
 * venv, files running in parallel would otherwise each remove and rebuild the same directory.
 */
import { sparkEnv } from '../../scripts/spark-env.js';

export default function setup(): void {
  const env = sparkEnv((s) => process.stderr.write(s + '\n'));
  if (env.installSeconds > 0) process.stderr.write(`[spark] venv ready in ${env.installSeconds.toFixed(1)} s\n`);
}
