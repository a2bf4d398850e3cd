/** The navigation's badges only need a list's total: one row is asked for. */
export const COUNT_ONLY = { page: 1, pageSize: 1 } as const;

/** The alerts badge counts the open alerts only: a resolved one needs nobody. */
export const OPEN_ALERTS_COUNT = { ...COUNT_ONLY, state: 'open' } as const;
