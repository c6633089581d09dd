// docker-compose.yml and the Dockerfile, read as Compose reads them (no Docker daemon needed): the
// API has a healthcheck on /readyz, the Neo4j password is one variable for both services, and the
// images are pinned to a minor version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

interface Service {
  image?: string;
  profiles?: string[];
  build?: { context: string; dockerfile: string };
  command?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
}
const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const { neo4j, lockstep } = compose.services;

/** Compose's ${VAR:-default} interpolation, for the variables given. */
const interpolate = (s: string, env: Record<string, string>) => s.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_, name: string, def?: string) => env[name] || def || '');

describe('docker-compose.yml', () => {
  it('checks the API on /readyz', () => {
    const test = lockstep.healthcheck?.test.join(' ') ?? '';
    expect(test).toContain('http://127.0.0.1:8080/readyz');
  });

  it.each<Record<string, string>>([{}, { LOCKSTEP_NEO4J_PASSWORD: 'a-long-password' }])('gives Neo4j and the API the same password (env %j)', (env) => {
    const auth = interpolate(neo4j.environment!.NEO4J_AUTH, env);
    const user = interpolate(lockstep.environment!.LOCKSTEP_NEO4J_USER, env);
    const password = interpolate(lockstep.environment!.LOCKSTEP_NEO4J_PASSWORD, env);
    expect(auth).toBe(`${user}/${password}`);
    if (env.LOCKSTEP_NEO4J_PASSWORD) expect(password).toBe(env.LOCKSTEP_NEO4J_PASSWORD);
  });

  it('pins images to a minor version', () => {
    expect(neo4j.image).toMatch(/^neo4j:\d+\.\d+/);
    const froms = [...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(f).toMatch(/^node:\d+\.\d+(\.\d+)?-slim$/);
  });

  describe('profile spark', () => {
    const spark = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('spark'));
    const byName = Object.fromEntries(spark);

    it('adds a Spark master, a worker and a client, and nothing else runs Spark by default', () => {
      expect(Object.keys(byName).sort()).toEqual(['spark-client', 'spark-master', 'spark-worker']);
      expect(neo4j.profiles).toBeUndefined();
      expect(lockstep.profiles).toBeUndefined();
    });

    it('runs one pinned image built from spark/Dockerfile, so driver and workers share a Python', () => {
      expect(byName['spark-master'].build?.dockerfile).toBe('spark/Dockerfile');
      for (const [, s] of spark) expect(s.image).toMatch(/^lockstep-spark:\d+\.\d+\.\d+$/);
      const froms = [...readFileSync(join(ROOT, 'spark/Dockerfile'), 'utf8').matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
      expect(froms).toContain('apache/spark:3.5.7-scala2.12-java17-python3-ubuntu');
      // The image's Spark is the version the tests run (spark/requirements.txt pins pyspark).
      expect(readFileSync(join(ROOT, 'spark/requirements.txt'), 'utf8')).toMatch(/^pyspark==3\.5\.7$/m);
    });

    it('starts a standalone master and a worker that joins it', () => {
      expect(byName['spark-master'].command).toContain('org.apache.spark.deploy.master.Master');
      expect(byName['spark-worker'].command).toEqual(expect.arrayContaining(['org.apache.spark.deploy.worker.Worker', 'spark://spark-master:7077']));
      expect(byName['spark-worker'].depends_on?.['spark-master']?.condition).toBe('service_healthy');
    });

    it('mounts the same data directory at the same path in every Spark container', () => {
      for (const [, s] of spark) expect(s.volumes).toContain('./data:/data');
    });
  });
});
