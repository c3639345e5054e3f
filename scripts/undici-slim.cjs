'use strict'
// What the bundle gets for `undici` (scripts/build.mjs resolves it here): undici's index loads everything it has
// (fetch, WebSocket, caches, mocks, cookies…), 1 MB of the bundle compiled and run at every start. src/api/transport.ts
// reaches undici only through its `Undici` type, and this module exports exactly those names, built from undici's
// own modules as its index.js builds them; test/build/undici-slim.test.ts checks both with the TypeScript API.
// undici is pinned exactly in package.json: a new version can move these modules (the build then fails).
const Dispatcher = require('undici/lib/dispatcher/dispatcher')
const api = require('undici/lib/api')
const util = require('undici/lib/core/util')
const { InvalidArgumentError } = require('undici/lib/core/errors')
const { getGlobalDispatcher } = require('undici/lib/global')

Object.assign(Dispatcher.prototype, api)

// undici 7.30.2 index.js makeDispatcher, unchanged: the top-level request(url, opts) over a dispatcher's request().
function makeDispatcher (fn) {
  return (url, opts, handler) => {
    if (typeof opts === 'function') {
      handler = opts
      opts = null
    }

    if (!url || (typeof url !== 'string' && typeof url !== 'object' && !(url instanceof URL))) {
      throw new InvalidArgumentError('invalid url')
    }

    if (opts != null && typeof opts !== 'object') {
      throw new InvalidArgumentError('invalid opts')
    }

    if (opts && opts.path != null) {
      if (typeof opts.path !== 'string') {
        throw new InvalidArgumentError('invalid opts.path')
      }

      let path = opts.path
      if (!opts.path.startsWith('/')) {
        path = `/${path}`
      }

      url = new URL(util.parseOrigin(url).origin + path)
    } else {
      if (!opts) {
        opts = typeof url === 'object' ? url : {}
      }

      url = util.parseURL(url)
    }

    const { agent, dispatcher = getGlobalDispatcher() } = opts

    if (agent) {
      throw new InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?')
    }

    return fn.call(dispatcher, {
      ...opts,
      origin: url.origin,
      path: url.search ? `${url.pathname}${url.search}` : url.pathname,
      method: opts.method || (opts.body ? 'PUT' : 'GET')
    }, handler)
  }
}

module.exports.EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent')
module.exports.FormData = require('undici/lib/web/fetch/formdata').FormData
module.exports.request = makeDispatcher(api.request)
module.exports.buildConnector = require('undici/lib/core/connect')
