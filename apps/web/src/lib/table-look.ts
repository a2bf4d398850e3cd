/** How every table of the app looks (Mantine's Table and mantine-datatable take the same props). */
export const TABLE_LOOK = { striped: true, highlightOnHover: true, verticalSpacing: 6, fz: 'sm' } as const;
