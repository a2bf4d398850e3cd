export * from './dispatcher.ts';
export * from './smtp-mailer.ts';
