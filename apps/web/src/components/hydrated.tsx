'use client';

import { useEffect } from 'react';

/**
 * Marks `<html data-hydrated>` once the screen's own content is interactive. Placed beside a screen's
 * view, inside the same Suspense boundary, since boundaries hydrate one by one after the shell:
 * automated tests wait for it before typing into server-rendered fields.
 */
export function Hydrated() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = '';
  }, []);
  return null;
}
