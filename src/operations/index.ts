/** The operation catalogue and what the app and the scripts do with it (see catalogue.ts and run.ts). */
export {OPERATIONS} from './catalogue.js';
export * from './run.js';
export * from './labels.js';
export {contactsOf, parseContact} from './account.js';
export type * from './types.js';
