/**
 * Which app the suite runs against. With E2E_BASE_URL it is an instance someone else runs (a local
 * `pnpm start`, a shared staging server): the suite starts nothing and owns only the data it creates.
 * Without it the suite builds (if needed) and serves the app itself on E2E_PORT, on a fresh database.
 */
const given = process.env.E2E_BASE_URL?.trim();

export const target = given
  ? { baseURL: given.replace(/\/+$/, ''), managed: false as const }
  : { baseURL: `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`, managed: true as const };
