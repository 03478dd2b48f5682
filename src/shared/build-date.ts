/** Fixed document dates make two builds of the same input byte-identical (SOURCE_DATE_EPOCH overrides). */
export function buildDate(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date('2021-09-01T00:00:00Z');
}
