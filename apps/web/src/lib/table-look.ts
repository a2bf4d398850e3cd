/** How every table of the app looks (Mantine's Table and mantine-datatable take the same props). */
export const TABLE_LOOK = { striped: true, highlightOnHover: true, verticalSpacing: 6, fz: 'sm' } as const;

/**
 * mantine-datatable's tables: the same look, and a keyboard can scroll one that is wider than a phone
 * (its scroll area takes focus, as axe's scrollable-region-focusable asks).
 */
export const DATA_TABLE_LOOK = {
  ...TABLE_LOOK,
  scrollAreaProps: { viewportProps: { tabIndex: 0 } },
} as const;
