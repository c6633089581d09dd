// Finds Debian's chromium for playwright-core, installing it with apt when missing and we are
// root. Never skips: if chromium cannot be had, the caller's test fails with the reason.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
  // WebGL for sigma without a GPU: software rendering through SwiftShader.
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

function run(cmd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', cmd], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
    child.stderr.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

/** The chromium executable path; installs `chromium` with apt-get if absent. Throws with the reason otherwise. */
export async function ensureChromium(): Promise<string> {
  const path = process.env.LOCKSTEP_CHROMIUM || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) {
    throw new Error(`e2e: chromium is not at ${path} and this is not root, so it cannot be installed with apt-get. `
      + 'Install it (apt-get install -y chromium) or point LOCKSTEP_CHROMIUM at a chromium binary.');
  }
  const r = await run('apt-get update && apt-get install -y chromium', 280_000);
  if (!existsSync(path)) {
    throw new Error(`e2e: \`apt-get install -y chromium\` did not provide ${path} (exit ${r.code}). Last output:\n${r.output}`);
  }
  return path;
}
