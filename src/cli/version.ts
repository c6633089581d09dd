import pkg from '../../package.json' with { type: 'json' };

/** The package version (bundled into the CLI at build time). */
export function version(): string {
  return pkg.version;
}
