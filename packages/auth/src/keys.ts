// API keys alone, without better-auth's modules: what the command line (and later REST) imports.
export * from './api-key-cli.ts';
export * from './api-key-store.ts';
export * from './api-keys.ts';
export * from './verified-cache.ts';
