/** The Okta Management API (users surface) simulator: everything tests and the CLI need, from one module. */
export {startOktaSimulator, OKTA_DEMO_TOKEN, OKTA_READONLY_TOKEN, DEFAULT_RATE_LIMITS, DEFAULT_CONCURRENCY_LIMIT, RATE_LIMIT_WINDOW_MS, FaultQueue} from './server.js';
export type {OktaSimulator, OktaSimulatorOptions, FaultSpec, FaultRule, FaultKind, RequestLogEntry, RateLimitState, RateLimitSetting} from './server.js';
export type {RateLimitBucket, Scope} from './api.js';
export {seedStore, seedDataFile, WELL_KNOWN, GOOGLE_IDP_ID, ACTIVE_USER_TOTP_SECRET, MANY_GRANTS_COUNT, MANY_TOKENS_COUNT, DEFAULT_SEED, DEFAULT_USER_COUNT} from './seed.js';
export type {SeedOptions, WellKnownUser, WellKnownName} from './seed.js';
export {loadOktaDataFile, readOktaDataFile, validateOktaDataFile, parseDataTime, DataFileError} from './data-file.js';
export type {OktaDataFile} from './data-file.js';
export {OktaStore, USER_STATUSES, FACTOR_STATUSES, SECURITY_QUESTIONS} from './store.js';
export type * from './store.js';
export {OktaApiError, errorBody} from './errors.js';
export type {OktaErrorBody} from './errors.js';
export {totp, hotp, verifyTotp, base32Decode, base32Encode} from './totp.js';
