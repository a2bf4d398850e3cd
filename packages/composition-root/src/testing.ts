// Entry-point tests import only this: the fake application, without the real adapters' modules.
export type { App, Views } from './app.ts';
export { createFakeApp, type Fakes } from './fake-app.ts';
