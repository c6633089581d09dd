import { z } from 'zod';
import { parseTime } from './time.js';
import { MAX_LIMIT } from '../store/embedded/cluster-query.js';
import { REGIMES, REGIME_HELP, type ScanParams } from '../detect/params.js';

// The one source of truth for request validation and the OpenAPI document (see openapi.ts).

/** Registered schemas become named components in the OpenAPI document. */
export const components = z.registry<{ id: string; description?: string }>();
const named = <S extends z.ZodType>(id: string, s: S, description?: string): S => {
  components.add(s, { id, description });
  return s;
};

// ---- requests -------------------------------------------------------------------------------

const timeInput = z.union([z.number().finite(), z.string().max(64)]).refine((v) => parseTime(v) !== undefined, 'expected an ISO-8601 timestamp or epoch milliseconds');
/** In query strings every value is a string; repeated parameters arrive as arrays and are rejected. */
const timeQuery = z.string().max(64).refine((v) => parseTime(v) !== undefined, 'expected an ISO-8601 timestamp or epoch milliseconds');
const idString = z.string().min(1).max(256);

export const ScanRequest = named(
  'ScanRequest',
  z.strictObject({
    from: timeInput.optional().describe('Start of the time range (ISO-8601 or epoch ms), inclusive.'),
    to: timeInput.optional().describe('End of the time range (ISO-8601 or epoch ms), inclusive.'),
    window: z.number().positive().max(86_400 * 30).optional().describe('Base co-action window, seconds.'),
    threshold: z.number().min(0).max(1).optional().describe('Clusters scoring at or above this are flagged.'),
    scales: z.array(z.number().positive().max(1000)).min(1).max(10).optional().describe('Window multiples also looked at.'),
    seed: z.number().int().optional(),
    resolution: z.number().positive().max(100).optional().describe('Louvain resolution.'),
    fanout: z.number().int().min(1).max(10_000).optional(),
    minTargets: z.number().int().min(1).max(10_000).optional().describe('Distinct targets a pair must co-act on to become an edge.'),
    topK: z.number().int().min(1).max(10_000).optional().describe('Strongest edges kept per account.'),
    episodeGap: z.number().positive().max(86_400 * 30).optional().describe('Seconds of silence that end an episode on one target.'),
    minClusterSize: z.number().int().min(2).max(100_000).optional(),
    textSimilarity: z.number().min(0).max(1).optional().describe('Near-duplicate text threshold.'),
    nullDraws: z.number().int().min(1).max(10_000).optional().describe('Monte Carlo draws per target in the null model.'),
    maxEvidence: z.number().int().min(0).max(1000).optional(),
    regime: z.enum(REGIMES).optional().describe(`${REGIME_HELP[0].toUpperCase()}${REGIME_HELP.slice(1)}.`),
  }),
  'Time range and scan parameters; every field optional ({} scans everything with defaults).',
);

// Compile-time guard: the request accepts exactly the pipeline's ScanParams (plus from/to).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _paramsInSync: Same<Exclude<keyof z.input<typeof ScanRequest>, 'from' | 'to'>, keyof ScanParams> = true;
void _paramsInSync;

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

export const HealthSchema = named('Health', z.object({ status: z.enum(['ok', 'ready', 'unavailable']) }));
