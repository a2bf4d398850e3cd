/** The navigation's badges only need a list's total: one row is asked for. */
export const COUNT_ONLY = { page: 1, pageSize: 1 } as const;
