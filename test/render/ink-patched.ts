/**
 * The patched Ink modules the render tests reach below Ink's public API (its `exports` map names only the index).
 * They are the files patches/ink+6.8.0.patch changes, as installed: the tests, tsx and the bundle share them.
 */
export {default as logUpdate, compactLine} from '../../node_modules/ink/build/log-update.js';
export {default as measureText, cacheSize as measureTextCacheSize, simpleWidth} from '../../node_modules/ink/build/measure-text.js';
export {default as wrapText, cacheSize as wrapTextCacheSize} from '../../node_modules/ink/build/wrap-text.js';
export {default as Output} from '../../node_modules/ink/build/output.js';
