import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { checkConnectionBudget, planWebProcesses } from '../src/web-processes.ts';

const POSTGRES = 'postgresql://postgres@127.0.0.1:5432/allocation';
const plan = (env: Record<string, string>, cores = 2) => planWebProcesses(loadConfig(env), cores);

describe('web processes of pnpm start', () => {
  it('runs one per core on PostgreSQL, sharing DB_POOL_SIZE among them', () => {
    expect(plan({ DATABASE_URL: POSTGRES }, 2)).toMatchObject({ processes: 2, poolSizePerProcess: 5 });
    expect(plan({ DATABASE_URL: POSTGRES, DB_POOL_SIZE: '20' }, 8)).toMatchObject({
      processes: 8,
      poolSizePerProcess: 2,
    });
  });

  it('takes WEB_CONCURRENCY over the number of cores', () => {
    expect(plan({ DATABASE_URL: POSTGRES, WEB_CONCURRENCY: '3', DB_POOL_SIZE: '12' }, 2)).toMatchObject({
      processes: 3,
      poolSizePerProcess: 4,
    });
  });

  it('never hands out more connections than DB_POOL_SIZE', () => {
    const { processes, poolSizePerProcess } = plan({
      DATABASE_URL: POSTGRES,
      WEB_CONCURRENCY: '3',
      DB_POOL_SIZE: '10',
    });
    expect(processes * poolSizePerProcess).toBeLessThanOrEqual(10);
    expect(poolSizePerProcess).toBe(3);
  });

  it('stays one process on the embedded database, whatever WEB_CONCURRENCY says', () => {
    expect(plan({}, 8)).toMatchObject({ processes: 1, poolSizePerProcess: 10 });
    const asked = plan({ WEB_CONCURRENCY: '4' }, 8);
    expect(asked.processes).toBe(1);
    expect(asked.summary).toContain('embedded database has one owner');
  });

  it('refuses a pool too small to give every process a connection, naming both settings', () => {
    expect(() => plan({ DATABASE_URL: POSTGRES, WEB_CONCURRENCY: '4', DB_POOL_SIZE: '3' })).toThrow(
      /DB_POOL_SIZE: 3 connections cannot be shared by 4 web processes \(WEB_CONCURRENCY\)/,
    );
  });

  it('by default runs no more processes than DB_POOL_SIZE has connections for', () => {
    expect(plan({ DATABASE_URL: POSTGRES }, 16)).toMatchObject({ processes: 10, poolSizePerProcess: 1 });
    expect(plan({ DATABASE_URL: POSTGRES, DB_POOL_SIZE: '1' }, 2)).toMatchObject({
      processes: 1,
      poolSizePerProcess: 1,
    });
  });

  it('refuses a WEB_CONCURRENCY that is not a whole number from 1 to 64', () => {
    for (const value of ['0', '65', '1.5', 'many']) {
      expect(() => loadConfig({ WEB_CONCURRENCY: value })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ WEB_CONCURRENCY: 'many' })).toThrow(/WEB_CONCURRENCY must be a number/);
  });
});

describe('the connection budget', () => {
  const twoOfFive = plan({ DATABASE_URL: POSTGRES, DB_POOL_SIZE: '10' }, 2);

  it('accepts what PostgreSQL can take', () => {
    expect(() =>
      checkConnectionBudget(twoOfFive, { launcher: 3, worker: 5 }, { maxConnections: 100, reserved: 3 }),
    ).not.toThrow();
  });

  it('refuses more connections than max_connections leaves, saying how many and what to change', () => {
    expect(() =>
      checkConnectionBudget(twoOfFive, { launcher: 3, worker: 5 }, { maxConnections: 22, reserved: 3 }),
    ).toThrow(
      /the web processes \(12: 5 pooled \+ 1 listening each\), the launcher \(3\) and the worker \(5\) would hold 20 connections, more than the 19 PostgreSQL accepts/,
    );
  });
});
