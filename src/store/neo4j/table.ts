// Kept for importers of the Neo4j entry point; the paging loop lives in ../read-table.ts.
export { readStoreTable as readTable } from '../read-table.js';
