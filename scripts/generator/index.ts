/** Seeded activity generator with ground truth: see generate.ts (model) and types.ts (truth format). */
export { generate, type GenerateOptions, type Generated } from './generate.js';
export { prepare, events, writeNdjson, timeOrder, type Order, type Rendering } from './render.js';
export { SCENARIOS, scenarioConfig, type ScenarioName, type ScenarioConfig } from './scenarios.js';
export { CAMPAIGN_DEFAULTS, type CampaignSpec } from './campaigns.js';
export type { Truth, GeneratedEvent, Role, CampaignKind, LookalikeKind } from './types.js';
export { BENCH_SCENARIOS, SIZES, RANDOM_CAMPAIGNS, randomisedConfig, type BenchScenario, type SizeName } from './domains.js';
export { CLEAN_EXPORT, isClean, STIMULI, GRAINS, RESOLUTIONS, drawExport, exportedTruth, threadId, type ExportQuirks, type Stimulus, type TargetGrain, type TimeResolution } from './export.js';
