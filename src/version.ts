import pkg from '../package.json' with {type: 'json'};

/** The app's version, from package.json (inlined by the bundler). */
export const VERSION: string = pkg.version;

/** Sent on every request so backend logs can tell this tool apart. */
export const USER_AGENT = `account-triage/${VERSION} node/${process.versions.node}`;
