// Precompiled modules that hold several kinds (scripts/precompile-schemas.mjs writes them beside
// the per-kind modules; engine/schema-validator.ts decides which one a batch loads). Kept apart from
// precompile.ts, which loads ajv's compiler: a run only needs the names.

/**
 * The workload kinds share PodSpec and its neighbours (~90% of each one's module): a batch holding
 * two or more of them loads this one module, their shared definitions once, instead of a module
 * per kind. A batch with one of them still loads that kind's own module, a third smaller (one
 * Deployment: ~2 ms CPU and ~260 page faults less than the group would cost). Plain 100
 * (Deployment, CronJob, StatefulSet): ~21 -> ~12 ms CPU for their validators (BENCHMARKS.md #22 round 6, r6cold).
 */
export const WORKLOAD_GROUP = {
  file: 'g_workloads',
  kinds: ['apps/v1 Deployment', 'apps/v1 StatefulSet', 'apps/v1 DaemonSet', 'apps/v1 ReplicaSet', 'batch/v1 Job', 'batch/v1 CronJob', 'v1 Pod'] as readonly string[],
};

/** The group's kinds by their `kind` alone, to test a resource before building its key. */
export const WORKLOAD_KIND_NAMES: ReadonlySet<string> = new Set(WORKLOAD_GROUP.kinds.map((key) => key.slice(key.lastIndexOf(' ') + 1)));
