/**
 * Which proxy a request to a URL goes through, by the rules undici's EnvHttpProxyAgent (the transport's dispatcher)
 * applies: HTTPS_PROXY (or https_proxy, else HTTP_PROXY) for https, HTTP_PROXY for http, unless NO_PROXY matches the
 * host ("*", a host, ".suffix" or "*.suffix", optionally with ":port"). For `doctor`, which names it.
 */
export interface ProxyInUse {
	readonly url: URL;
	/** The proxy URL without any user or password in it. */
	readonly display: string;
}

export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyInUse | null {
	const http = env['HTTP_PROXY'] || env['http_proxy'];
	const raw = target.protocol === 'https:' ? env['HTTPS_PROXY'] || env['https_proxy'] || http : http;
	if (!raw || bypassed(target, env['NO_PROXY'] || env['no_proxy'] || '')) return null;
	let url: URL;
	try {
		url = new URL(raw.includes('://') ? raw : `http://${raw}`);
	} catch {
		return null;
	}
	const shown = new URL(url.href);
	shown.username = '';
	shown.password = '';
	return {url, display: shown.origin};
}

function bypassed(target: URL, noProxy: string): boolean {
	const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
	const port = target.port || (target.protocol === 'https:' ? '443' : '80');
	for (const entry of noProxy.split(/[,\s]+/).filter(Boolean)) {
		if (entry === '*') return true;
		const [name, entryPort] = entry.toLowerCase().split(/:(?=\d+$)/) as [string, string | undefined];
		if (entryPort && entryPort !== port) continue;
		const suffix = name.replace(/^\*?\./, '');
		if (host === suffix || host.endsWith(`.${suffix}`)) return true;
	}
	return false;
}
