export { openEmbeddedStore, type EmbeddedStore, type AccountEventsQuery } from './store.js';
export { InvalidCursorError, encodeCursor, decodeCursor, DEFAULT_LIMIT, MAX_LIMIT } from './cluster-query.js';
