/** The Wacht backend simulator: everything tests and the CLI need, from one module. */
export {startWachtSimulator, DEMO_API_KEY, DEFAULT_RATE_LIMIT, FaultQueue} from './server.js';
export type {WachtSimulator, WachtSimulatorOptions, FaultSpec, FaultRule, FaultKind, RequestLogEntry} from './server.js';
export {seedStore, WELL_KNOWN, MFA_USER_TOTP_SECRET, MANY_SESSIONS_COUNT, DEFAULT_SEED, DEFAULT_USER_COUNT} from './seed.js';
export type {SeedOptions} from './seed.js';
export {loadWachtDataFile, readWachtDataFile, validateDataFile, DataFileError} from './data-file.js';
export type {WachtDataFile} from './data-file.js';
export {WachtStore, hashBackupCode} from './store.js';
export type * from './store.js';
export {DEFAULT_ISSUER, otpUrl} from './mfa.js';
export {formatTs, parseTime, nowMicros} from './time.js';
export type {Micros} from './time.js';
