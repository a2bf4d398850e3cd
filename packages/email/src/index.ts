export * from './smtp-notifications.ts';
