// The ingestion layer's public surface: read activity files/streams/bodies into validated events.
export { ingestSources, PROGRESS_EVERY, type DuplicatePolicy, type IngestOptions, type IngestResult } from './ingest.js';
export { readBatches, readEvents, createParser, validateRecords, type ReadItem, type ReadOptions } from './read.js';
export { parseBody, type BodyOptions, type ParsedBody } from './body.js';
export { parseMapping, toContractRecord, missingColumns, MAPPING_PRESETS, CONTRACT_FIELDS } from './mapping.js';
export { InputRejectedError, MappingError, MissingColumnsError, SourceError } from './errors.js';
export { RejectSink, KEPT_REJECTS } from './rejects.js';
export { formatFromName, sniffFormat, sourceLabel, STDIN, type FormatOption, type InputFormat } from './source.js';
export { validateEvent, type Validation } from './validate.js';
export { EventTableBuilder, tableFromEvents, eventAt, type EventTable } from './table.js';
export type { ActivityEvent, ColumnMapping, IngestStats, Reject } from './types.js';
