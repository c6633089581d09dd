import { z } from 'zod';
import { parseTime } from './time.js';
import { MAX_LIMIT } from '../store/embedded/cluster-query.js';
import { paramFields } from '../scan/params.js';
import { TIME_ERROR } from '../scan/time.js';
import { CLUSTER_FORMATS } from '../export/index.js';

// The one source of truth for request validation and the OpenAPI document (see openapi.ts).

/** Registered schemas become named components in the OpenAPI document. */
export const components = z.registry<{ id: string; description?: string }>();
const named = <S extends z.ZodType>(id: string, s: S, description?: string): S => {
  components.add(s, { id, description });
  return s;
};

// ---- requests -------------------------------------------------------------------------------

const timeInput = z.union([z.number().finite(), z.string().max(64)]).refine((v) => parseTime(v) !== undefined, TIME_ERROR);
/** In query strings every value is a string; repeated parameters arrive as arrays and are rejected. */
const timeQuery = z.string().max(64).refine((v) => parseTime(v) !== undefined, TIME_ERROR);
const idString = z.string().min(1).max(256);

// The scan parameters come from the scan service's table (src/scan/params.ts), as the CLI flags do.
export const ScanRequest = named(
  'ScanRequest',
  z.strictObject({
    from: timeInput.optional().describe('Start of the time range (ISO-8601 with a zone, or epoch ms), inclusive.'),
    to: timeInput.optional().describe('End of the time range (ISO-8601 with a zone, or epoch ms), inclusive.'),
    ...paramFields(),
  }),
  'Time range and scan parameters; every field optional ({} scans everything with defaults).',
);

export const ReviewRequest = named(
  'ReviewRequest',
  z.strictObject({
    state: z.enum(['confirmed', 'dismissed', 'needs-more-evidence']),
    note: z.string().max(4000).optional(),
  }),
);

export const ClustersQuery = z.strictObject({
  minScore: z.coerce.number().min(0).max(1).optional().describe('Only clusters scoring at least this.'),
  account: idString.optional().describe('Only clusters with this member account.'),
  from: timeQuery.optional().describe('Only clusters active at or after this time (ISO-8601 or epoch ms).'),
  to: timeQuery.optional().describe('Only clusters active at or before this time (ISO-8601 or epoch ms).'),
  signal: z.string().min(1).max(128).optional().describe('Only clusters held together by this signal, e.g. coaction:share.'),
  review: z.enum(['unreviewed', 'confirmed', 'dismissed', 'needs-more-evidence']).optional(),
  cursor: z.string().min(1).max(1024).optional().describe('nextCursor from the previous page.'),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional().describe(`Page size, 1-${MAX_LIMIT} (default 50).`),
});

export const AccountEventsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(10_000).optional().describe('Most recent events to return, 1-10000 (default 500).'),
  from: timeQuery.optional(),
  to: timeQuery.optional(),
});

export const IdParam = z.object({ id: idString });

export const ClusterExportQuery = z.strictObject({
  format: z.enum(CLUSTER_FORMATS).describe('gexf or graphml (a graph for Gephi), csv (one row per member, formula-escaped).'),
});

export const OperationsQuery = z.strictObject({
  since: timeQuery.optional().describe('Only operations first seen at or after this time (new since).'),
  status: z.enum(['new', 'continuing', 'grown', 'shrunk', 'merged', 'split']).optional().describe('Only operations whose latest lineage status is this.'),
  reviewed: z.enum(['true', 'false']).optional().describe('Only operations with (true) or without (false) a reviewed cluster.'),
});

// ---- responses ------------------------------------------------------------------------------

export const ProblemSchema = named(
  'Problem',
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
  'RFC 9457 problem details (application/problem+json).',
);

export const IngestResult = named(
  'IngestResult',
  z.object({
    received: z.number().int().describe('Records read: accepted + duplicates + rejected.'),
    accepted: z.number().int(),
    duplicates: z.number().int().describe('Already stored (same id, or same content for events without id).'),
    rejected: z.number().int(),
    rejects: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe('Each rejected record: NDJSON line or 1-based array position, and why.'),
  }),
);

export const EventSchema = named(
  'Event',
  z.object({
    id: z.string(),
    account: z.string(),
    action: z.string(),
    target: z.string().optional(),
    ts: z.string().describe('ISO 8601 time in UTC, e.g. 2024-03-04T12:00:05.000Z.'),
    text: z.string().optional(),
    platform: z.string().optional(),
  }),
  'A stored event; events sent without id carry their content id ("h:..."). ',
);

const ReviewSchema = named(
  'Review',
  z.object({ state: z.enum(['confirmed', 'dismissed', 'needs-more-evidence']), note: z.string().optional(), by: z.string(), at: z.string() }),
);

const Evidence = z.looseObject({
  target: z.string(),
  action: z.string(),
  signal: z.string(),
  members: z.array(z.looseObject({ account: z.string(), ts: z.string(), eventId: z.string().optional(), text: z.string().optional() })),
  spreadSeconds: z.number(),
  others: z.number().optional(),
  similarity: z.number().optional(),
});

const ReportClusterShape = {
  id: z.string(),
  score: z.number().min(0).max(1),
  members: z.array(z.string()),
  signals: z.record(z.string(), z.looseObject({ weight: z.number(), pairs: z.number(), targets: z.number() })),
  evidence: z.array(Evidence),
  summary: z.string(),
  reading: z.enum(['whole', 'bursts', 'copying']).optional().describe('The reading the score came from (population regime).'),
  statistics: z.record(z.string(), z.number()).optional(),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  edges: z.array(z.looseObject({ source: z.string(), target: z.string(), weight: z.number(), signals: z.record(z.string(), z.number()) })).optional(),
};

export const ReportCluster = named('ReportCluster', z.looseObject(ReportClusterShape));

export const ClusterSchema = named(
  'Cluster',
  z.looseObject({
    ...ReportClusterShape,
    scanId: z.string(),
    generatedAt: z.string(),
    review: ReviewSchema.optional(),
  }),
  'A flagged cluster with the scan it came from and its review, if any.',
);

export const ReportSchema = named(
  'Report',
  z.looseObject({
    generatedAt: z.string(),
    params: z.record(z.string(), z.unknown()),
    stats: z.looseObject({ events: z.number().int(), accounts: z.number().int(), rejected: z.number().int().optional(), duplicates: z.number().int().optional() }),
    rejects: z.array(z.looseObject({})).optional(),
    clusters: z.array(ReportCluster),
  }),
);

export const ClusterSummarySchema = named(
  'ClusterSummary',
  z.object({
    id: z.string(),
    score: z.number().min(0).max(1),
    size: z.number().int().describe('Number of members.'),
    members: z.array(z.string()),
    signals: ReportClusterShape.signals,
    summary: z.string(),
    firstSeen: z.string().optional(),
    lastSeen: z.string().optional(),
    scanId: z.string(),
    generatedAt: z.string(),
    review: ReviewSchema.optional(),
  }),
  'A flagged cluster as listed: no evidence, edges or statistics; the full cluster is at /v1/clusters/{id}.',
);

export const ClusterPageSchema = named('ClusterPage', z.object({ items: z.array(ClusterSummarySchema), nextCursor: z.string().optional() }));
export const AccountClustersSchema = named('AccountClusters', z.object({ account: z.string(), items: z.array(ClusterSchema) }));
export const AccountEventsSchema = named('AccountEvents', z.object({ account: z.string(), items: z.array(EventSchema) }));

const ScanStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export const ScanAcceptedSchema = named('ScanAccepted', z.object({ id: z.string(), status: ScanStatus }));
export const ScanSchema = named(
  'Scan',
  z.object({
    id: z.string(),
    status: ScanStatus,
    stage: z.enum(['read', 'text', 'graph', 'communities', 'score', 'report', 'done']).optional().describe('Pipeline stage while running (progress); done once the scan is done.'),
    createdAt: z.string().optional(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    from: z.number().optional(),
    to: z.number().optional(),
    params: z.record(z.string(), z.unknown()),
    error: z.string().optional(),
    report: ReportSchema.optional().describe('Present once status is done.'),
  }),
);

const LineageStatusSchema = z.enum(['new', 'continuing', 'grown', 'shrunk', 'merged', 'split']);
const OperationShape = {
  id: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  status: LineageStatusSchema,
  scans: z.number().int(),
  clusterIds: z.array(z.string()),
  members: z.number().int(),
  score: z.number(),
  reviewed: z.boolean(),
};
export const OperationListSchema = named('OperationList', z.object({ items: z.array(z.object(OperationShape)) }));
export const OperationSchema = named(
  'Operation',
  z.object({
    ...OperationShape,
    allMembers: z.array(z.string()),
    steps: z.array(
      z.object({
        scan: z.string(),
        at: z.string(),
        clusters: z.array(z.object({ id: z.string(), status: LineageStatusSchema, score: z.number(), members: z.number().int() })),
        size: z.number().int(),
        joined: z.array(z.string()),
        left: z.array(z.string()),
      }),
    ),
  }),
  'An operation across scans: its clusters scan by scan, and members joining and leaving.',
);

export const HealthSchema = named('Health', z.object({ status: z.enum(['ok', 'ready', 'unavailable']) }));
