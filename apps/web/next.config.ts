import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from './src/lib/security-headers';

const config: NextConfig = {
  // The workspace packages ship TypeScript sources.
  transpilePackages: [
    '@allocation/api',
    '@allocation/auth',
    '@allocation/contracts',
    '@allocation/csv-export',
    '@allocation/csv-import',
    '@allocation/csv-store',
    '@allocation/domain',
    '@allocation/composition-root',
    '@allocation/db',
    '@allocation/messaging',
    '@allocation/email',
    '@allocation/rest',
  ],
  // Reached only on the server, through the composition root: load them from node_modules as they are.
  serverExternalPackages: [
    '@prisma/client',
    '@prisma/adapter-pg',
    'pg',
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    'pino',
    'proper-lockfile',
    'ioredis',
    'nodemailer',
    'better-auth',
    'csv-parse',
  ],
  poweredByHeader: false,
  // Pages get their Content-Security-Policy (with a nonce) from src/proxy.ts.
  async headers() {
    return [
      { source: '/:path*', headers: [...COMMON_SECURITY_HEADERS] },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
  reactStrictMode: true,
};

export default config;
