export { openNeo4jStore, ensureSchema, type Neo4jStore } from './store.js';
export { neo4jConfigFromEnv, redactUri, DEFAULT_BATCH_SIZE, DEFAULT_RETRY_MS, DEFAULT_WRITERS, type Neo4jConfig } from './config.js';
export { readTable } from './table.js';
export { SCHEMA, CONSTRAINT_NAMES, INDEX_NAMES } from './schema.js';
