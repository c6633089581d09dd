import type { Command } from 'commander';

export function registerScan(program: Command): void {
  program.command('scan').description('Scan activity for coordinated clusters (implemented in the scan milestone).');
}
