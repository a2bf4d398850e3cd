'use client';

import type { ExportedList } from '@allocation/csv-export';
import { Button } from '@mantine/core';
import { useSearchParams } from 'next/navigation';
import { downloadHref } from '../lib/download-href';

/** Downloads the list as CSV with the filter and sort the page shows (every page, not just this one). */
export function DownloadCsvButton({ list }: { list: ExportedList }) {
  const params = useSearchParams();
  // The page header does not wrap: the title gives way, never the button's label.
  return (
    <Button
      component="a"
      href={downloadHref(list, params.toString())}
      download
      variant="default"
      size="sm"
      style={{ flexShrink: 0 }}
    >
      Download CSV
    </Button>
  );
}
