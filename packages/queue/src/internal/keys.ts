/**
 * Every Redis key of a study starts with `dl:study:<id>:`; only `results` outlives the study.
 * BullMQ's own keys are under `bull:<queue>:`.
 */
export const studyPrefix = (study: string) => `dl:study:${study}:`;
export const resultsKey = (study: string) => `${studyPrefix(study)}results`;
export const progressKey = (study: string) => `${studyPrefix(study)}progress`;
export const rungKey = (study: string, milestone: number) => `${studyPrefix(study)}rung:${milestone}`;
export const checkpointKey = (study: string, field: string) => `${studyPrefix(study)}ckpt:${field}`;
/** BullMQ refuses ':' in custom ids. */
export const jobId = (study: string, index: number, retry: number) => `${study}-${index}-${retry}`;
export const field = (index: number, retry: number) => `${index}:${retry}`;

/** The study's definition is kept in its results hash under this field (a restarted coordinator checks it). */
export const DEFINITION_FIELD = 'definition';
