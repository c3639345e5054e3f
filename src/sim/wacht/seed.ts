/**
 * Deterministic seeded data for the Wacht simulator (default seed 1): about 2,000 users with emails, phones,
 * social connections, sign-ins, passkeys, MFA and org/workspace memberships.
 *
 * Everything is a function of the seed except the time base: times are offsets from the moment of seeding,
 * so active sign-ins expire in the future and expired ones in the past whenever the simulator starts. Random users'
 * heavier records and many.sessions' sign-ins are built on first touch (see "parts built on first touch" below).
 *
 * Well-known users (WELL_KNOWN) are created first, so their ids only depend on the seed:
 *   jane.okafor@example.test    Jane Okafor: 3 active + 2 expired sign-ins, 2 passkeys, org admin + workspace editor,
 *                               github social connection, 2 emails (secondary unverified), 1 phone.
 *   many.sessions@example.test  Søren Kierkegaard-Møller: 10,000 sign-ins, about a third expired.
 *   disabled.user@example.test  Dana Whitfield: disabled, no sign-ins.
 *   mfa.user@example.test       Łukasz Nowak: active authenticator (MFA_USER_TOTP_SECRET), backup codes,
 *                               policy enforced, 1 sign-in.
 *   no.sessions@example.test    Zoë Martin: no sign-ins, passkeys or memberships, no username.
 *   ana@example.test            Ana Silva; 34 other users' emails contain "ana@example.test" (juliana@…,
 *                               mariana@…) and 20 of them are newer, so she is on page 3 of
 *                               `GET /users?search=ana@example.test` (created_at desc, limit 10).
 *
 * Users built for the diagnosis rules (src/diagnosis/), created last so every other user keeps its id:
 *   mfa.missing@example.test      Kwame Mensah: MFA enforced, no authenticator, no backup codes, 1 sign-in.
 *   expired.sessions@example.test Inés Navarro: 3 sign-ins, every one expired.
 *   new.country@example.test      Piotr Zieliński: 4 sign-ins from Warsaw on a Mac, then one from Lagos 25 min ago.
 *   new.device@example.test       Mette Sørensen: 3 sign-ins from Copenhagen on a Mac, then one on an Android phone.
 */
import {BASE32, BASE62, BASE64URL, Prng} from '../shared/prng.js';
import {asciiFold, asciiPairs as n, type CultureNames} from '../shared/names.js';
import {DEFAULT_ISSUER, otpUrl} from './mfa.js';
import {
	generateBackupCodes,
	type OrganizationMembershipRecord,
	type OrganizationRecord,
	type RoleRecord,
	type SecondFactorPolicy,
	type UserRecord,
	WachtStore,
	type WorkspaceRecord,
} from './store.js';
import {nowMicros, US_PER_DAY, US_PER_H, US_PER_MIN, US_PER_S, type Micros} from './time.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_USER_COUNT = 2_000;

/** Emails of the fixed users every seed contains. */
export const WELL_KNOWN = {
	jane: 'jane.okafor@example.test',
	janeSecondary: 'jane@okafor.example',
	manySessions: 'many.sessions@example.test',
	disabled: 'disabled.user@example.test',
	mfa: 'mfa.user@example.test',
	noSessions: 'no.sessions@example.test',
	ana: 'ana@example.test',
	mfaMissing: 'mfa.missing@example.test',
	expiredSessions: 'expired.sessions@example.test',
	newCountry: 'new.country@example.test',
	newDevice: 'new.device@example.test',
} as const;

/** How many users seedDiagnosisCases adds (counted in userCount). */
const DIAGNOSIS_CASES = 4;

/** Number of sign-ins of the many-sessions user. */
export const MANY_SESSIONS_COUNT = 10_000;

/** The TOTP secret of mfa.user@example.test's authenticator (32 base32 chars = 20 bytes). */
export const MFA_USER_TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** Local parts of the users whose emails contain "ana@example.test". */
const ANA_LOOKALIKES: readonly (readonly [string, string, string])[] = [
	['juliana', 'Juliana', 'Costa'],
	['mariana', 'Mariana', 'Oliveira'],
	['adriana', 'Adriana', 'Rocha'],
	['luciana', 'Luciana', 'Ferreira'],
	['tatiana', 'Tatiana', 'Volkova'],
	['diana', 'Diana', 'Mwangi'],
	['oksana', 'Oksana', 'Shevchenko'],
	['svetlana', 'Svetlana', 'Petrova'],
	['liliana', 'Liliana', 'Duarte'],
	['fabiana', 'Fabiana', 'Lima'],
	['susana', 'Susana', 'Marques'],
	['joana', 'Joana', 'Antunes'],
	['viviana', 'Viviana', 'Russo'],
	['giuliana', 'Giuliana', 'Bianchi'],
	['roxana', 'Roxana', 'Ionescu'],
	['ileana', 'Ileana', 'Popescu'],
	['dana', 'Dana', 'Levi'],
	['hana', 'Hana', 'Nováková'],
	['lana', 'Lana', 'Kovač'],
	['jana', 'Jana', 'Dvořáková'],
	['ivana', 'Ivana', 'Horvat'],
	['yana', 'Yana', 'Melnyk'],
	['rosana', 'Rosana', 'Vidal'],
	['cristiana', 'Cristiana', 'Moura'],
	['eliana', 'Eliana', 'Ribeiro'],
	['emiliana', 'Emiliana', 'Torres'],
	['tiziana', 'Tiziana', 'Esposito'],
	['bogdana', 'Bogdana', 'Kowalczyk'],
	['luana', 'Luana', 'Santos'],
	['poliana', 'Poliana', 'Batista'],
	['ariana', 'Ariana', 'Farahani'],
	['daiana', 'Daiana', 'Acosta'],
	['briana', 'Briana', 'Nguyen'],
	['feliciana', 'Feliciana', 'Ruiz'],
];
/** How many lookalikes are older than Ana (the rest are newer). */
const ANA_OLDER_LOOKALIKES = 14;

// ---------------------------------------------------------------- reference data

export {asciiFold};

interface Culture extends CultureNames {
	readonly cities: readonly string[];
}

const CULTURES: readonly Culture[] = [
	{weight: 20, first: n('James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Mia', 'Lucas', 'Harper', 'Grace', 'Owen'), last: n('Smith', 'Johnson', "O'Brien", 'Williams', 'Brown', 'Taylor', 'Anderson', 'Clarke', 'Murphy', 'Walsh', 'Hughes'), phoneCc: '+1', phoneDigits: 10, cities: ['New York', 'San Francisco', 'Austin', 'Toronto', 'London']},
	{weight: 8, first: n('Łukasz', 'Wojciech', 'Małgorzata', 'Agnieszka', 'Paweł', 'Zofia', 'Katarzyna', 'Grzegorz'), last: n('Nowak', 'Kowalski', 'Wiśniewska', 'Wójcik', 'Kamiński', 'Lewandowska', 'Zieliński', 'Szymańska'), phoneCc: '+48', phoneDigits: 9, cities: ['Warsaw', 'Kraków']},
	{weight: 6, first: n('Søren', 'Mette', 'Jørgen', 'Astrid', 'Frederik', 'Ingrid', 'Åse', 'Bjørn'), last: n('Jensen', 'Nielsen', 'Hansen', 'Møller', 'Sørensen', 'Kjær', 'Ødegaard', 'Løkke'), phoneCc: '+45', phoneDigits: 8, cities: ['Copenhagen']},
	{weight: 12, first: n('José', 'María', 'Inés', 'João', 'Sebastián', 'Lucía', 'Álvaro', 'Conceição', 'Andrés', 'Begoña'), last: n('García', 'Fernández', 'González', 'Martín', 'Pérez', 'Silva', 'Gonçalves', 'Muñoz', 'Peña', 'Araújo'), phoneCc: '+34', phoneDigits: 9, cities: ['Madrid', 'Lisbon', 'Porto', 'São Paulo', 'Mexico City']},
	{weight: 6, first: n('Minh', 'Linh', 'Huy', 'Thảo', 'Dũng', 'Phương', 'Quân', 'Hương'), last: n('Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'), phoneCc: '+84', phoneDigits: 9, cities: ['Hanoi', 'Ho Chi Minh City']},
	{weight: 6, first: [['伟', 'wei'], ['芳', 'fang'], ['敏', 'min'], ['静', 'jing'], ['磊', 'lei'], ['洋', 'yang'], ['婷', 'ting'], ['强', 'qiang']], last: [['李', 'li'], ['王', 'wang'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao']], phoneCc: '+86', phoneDigits: 11, cities: ['Beijing']},
	{weight: 6, first: n('Ayşe', 'Mehmet', 'Elif', 'Çağrı', 'Şule', 'Oğuz', 'Gülşen', 'Barış'), last: n('Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Arslan'), phoneCc: '+90', phoneDigits: 10, cities: ['Istanbul']},
	{weight: 8, first: n('Jürgen', 'Günther', 'Lena', 'Jörg', 'Käthe', 'Maximilian', 'Sophie', 'Jonas'), last: n('Müller', 'Schröder', 'Weiß', 'Groß', 'Bäcker', 'Krüger', 'Hoffmann', 'Fuchs'), phoneCc: '+49', phoneDigits: 11, cities: ['Berlin', 'Zürich']},
	{weight: 7, first: n('Zoë', 'Chloé', 'Théo', 'Hélène', 'François', 'Océane', 'Noël', 'Anaïs'), last: n('Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Girard', 'Bonnet', 'Rousseau', 'Faure'), phoneCc: '+33', phoneDigits: 9, cities: ['Paris']},
	{weight: 7, first: n('Chidi', 'Ngozi', 'Oluwaseun', 'Adaeze', 'Tunde', 'Folake', 'Emeka', 'Chiamaka'), last: n('Okafor', 'Adeyemi', 'Okonkwo', 'Balogun', 'Eze', 'Nwosu', 'Adebayo', 'Obi'), phoneCc: '+234', phoneDigits: 10, cities: ['Lagos', 'Nairobi']},
	{weight: 4, first: [['翔太', 'shota'], ['陽菜', 'hina'], ['蓮', 'ren'], ['結衣', 'yui'], ['大翔', 'hiroto'], ['さくら', 'sakura']], last: [['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['渡辺', 'watanabe']], phoneCc: '+81', phoneDigits: 10, cities: ['Tokyo']},
	{weight: 6, first: n('Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Saanvi', 'Arjun', 'Diya'), last: n('Sharma', 'Patel', 'Iyer', 'Reddy', 'Gupta', 'Nair', 'Menon'), phoneCc: '+91', phoneDigits: 10, cities: ['Bengaluru']},
	{weight: 2, first: n('Guðrún', 'Þór', 'Sigríður', 'Ólafur'), last: n('Jónsdóttir', 'Sigurðsson', 'Guðmundsdóttir', 'Einarsson'), phoneCc: '+354', phoneDigits: 7, cities: ['Reykjavík']},
	{weight: 2, first: [['Дмитрий', 'dmitry'], ['Ольга', 'olga'], ['Сергей', 'sergey'], ['Анна', 'anna']], last: [['Иванов', 'ivanov'], ['Петрова', 'petrova'], ['Смирнов', 'smirnov'], ['Кузнецова', 'kuznetsova']], phoneCc: '+7', phoneDigits: 10, cities: ['Warsaw', 'Berlin']},
];

interface City {
	readonly city: string;
	readonly region: string;
	readonly regionCode: string;
	readonly country: string;
	readonly countryCode: string;
}

const CITY_LIST: readonly City[] = [
	{city: 'Lisbon', region: 'Lisbon', regionCode: '11', country: 'Portugal', countryCode: 'PT'},
	{city: 'Porto', region: 'Porto', regionCode: '13', country: 'Portugal', countryCode: 'PT'},
	{city: 'London', region: 'England', regionCode: 'ENG', country: 'United Kingdom', countryCode: 'GB'},
	{city: 'Berlin', region: 'Land Berlin', regionCode: 'BE', country: 'Germany', countryCode: 'DE'},
	{city: 'Paris', region: 'Île-de-France', regionCode: 'IDF', country: 'France', countryCode: 'FR'},
	{city: 'Madrid', region: 'Madrid', regionCode: 'MD', country: 'Spain', countryCode: 'ES'},
	{city: 'São Paulo', region: 'São Paulo', regionCode: 'SP', country: 'Brazil', countryCode: 'BR'},
	{city: 'New York', region: 'New York', regionCode: 'NY', country: 'United States', countryCode: 'US'},
	{city: 'San Francisco', region: 'California', regionCode: 'CA', country: 'United States', countryCode: 'US'},
	{city: 'Austin', region: 'Texas', regionCode: 'TX', country: 'United States', countryCode: 'US'},
	{city: 'Toronto', region: 'Ontario', regionCode: 'ON', country: 'Canada', countryCode: 'CA'},
	{city: 'Lagos', region: 'Lagos', regionCode: 'LA', country: 'Nigeria', countryCode: 'NG'},
	{city: 'Nairobi', region: 'Nairobi County', regionCode: '30', country: 'Kenya', countryCode: 'KE'},
	{city: 'Warsaw', region: 'Mazovia', regionCode: '14', country: 'Poland', countryCode: 'PL'},
	{city: 'Kraków', region: 'Lesser Poland', regionCode: '12', country: 'Poland', countryCode: 'PL'},
	{city: 'Copenhagen', region: 'Capital Region', regionCode: '84', country: 'Denmark', countryCode: 'DK'},
	{city: 'Istanbul', region: 'Istanbul', regionCode: '34', country: 'Türkiye', countryCode: 'TR'},
	{city: 'Hanoi', region: 'Hanoi', regionCode: 'HN', country: 'Vietnam', countryCode: 'VN'},
	{city: 'Ho Chi Minh City', region: 'Ho Chi Minh', regionCode: 'SG', country: 'Vietnam', countryCode: 'VN'},
	{city: 'Beijing', region: 'Beijing', regionCode: 'BJ', country: 'China', countryCode: 'CN'},
	{city: 'Tokyo', region: 'Tokyo', regionCode: '13', country: 'Japan', countryCode: 'JP'},
	{city: 'Sydney', region: 'New South Wales', regionCode: 'NSW', country: 'Australia', countryCode: 'AU'},
	{city: 'Bengaluru', region: 'Karnataka', regionCode: 'KA', country: 'India', countryCode: 'IN'},
	{city: 'Mexico City', region: 'Mexico City', regionCode: 'CMX', country: 'Mexico', countryCode: 'MX'},
	{city: 'Zürich', region: 'Zurich', regionCode: 'ZH', country: 'Switzerland', countryCode: 'CH'},
	{city: 'Reykjavík', region: 'Capital Region', regionCode: '1', country: 'Iceland', countryCode: 'IS'},
];
const CITIES = new Map(CITY_LIST.map((c) => [c.city, c]));

export function city(name: string): City {
	const c = CITIES.get(name);
	if (!c) throw new Error(`unknown seed city ${name}`);
	return c;
}

/** ua-parser families: [browser, device, weight]. */
const CLIENTS: readonly (readonly [string, string, number])[] = [
	['Chrome', 'Mac', 18],
	['Safari', 'Mac', 10],
	['Firefox', 'Mac', 4],
	['Chrome', 'Other', 20],
	['Edge', 'Other', 9],
	['Firefox', 'Other', 7],
	['Opera', 'Other', 1],
	['Mobile Safari', 'iPhone', 14],
	['Chrome Mobile iOS', 'iPhone', 3],
	['Mobile Safari', 'iPad', 3],
	['Chrome Mobile', 'K', 6],
	['Chrome Mobile', 'Pixel 8', 2],
	['Samsung Internet', 'Samsung SM-S918B', 2],
	['Chrome Mobile', 'Samsung SM-A546B', 1],
];

const DOMAINS: readonly (readonly [string, number])[] = [
	['example.com', 40],
	['example.org', 15],
	['example.net', 15],
	['northwind.example', 10],
	['mail.example', 20],
];

interface PasskeyKind {
	readonly names: readonly string[];
	readonly transports: readonly string[] | null;
	readonly deviceType: string | null;
	readonly backedUp: boolean | null;
	readonly counts: boolean;
	readonly weight: number;
}

const PASSKEY_KINDS: readonly PasskeyKind[] = [
	{names: ['MacBook Pro', 'iCloud Keychain', 'iPhone', 'Work laptop', 'MacBook Air'], transports: ['internal', 'hybrid'], deviceType: 'multi_device', backedUp: true, counts: false, weight: 40},
	{names: ['Google Password Manager', 'Pixel 8', 'Chrome on Android'], transports: ['internal', 'hybrid'], deviceType: 'multi_device', backedUp: true, counts: false, weight: 15},
	{names: ['1Password', 'Bitwarden', 'Dashlane'], transports: ['internal', 'hybrid'], deviceType: 'multi_device', backedUp: true, counts: false, weight: 10},
	{names: ['Windows Hello', 'Surface Laptop'], transports: ['internal'], deviceType: 'single_device', backedUp: false, counts: true, weight: 12},
	{names: ['YubiKey 5C', 'YubiKey 5 NFC', 'Titan Security Key', 'Clé de sécurité'], transports: ['usb', 'nfc'], deviceType: 'single_device', backedUp: false, counts: true, weight: 15},
	{names: ['YubiKey 5Ci', 'Security key'], transports: ['usb'], deviceType: 'single_device', backedUp: false, counts: true, weight: 4},
	{names: ['Feitian BioPass', 'Bluetooth key'], transports: ['ble', 'usb'], deviceType: 'single_device', backedUp: false, counts: true, weight: 2},
	{names: ['Passkey', 'Old laptop'], transports: null, deviceType: null, backedUp: null, counts: true, weight: 2},
];

const PROVIDERS: readonly (readonly [string, number])[] = [
	['google_oauth', 40],
	['github_oauth', 25],
	['microsoft_oauth', 15],
	['apple_oauth', 10],
	['gitlab_oauth', 3],
	['linkedin_oauth', 3],
	['discord_oauth', 2],
	['x_oauth', 1],
	['facebook_oauth', 1],
];

/** Email verification strategy that goes with a social provider (gitlab and x have none). */
const OAUTH_STRATEGY: Readonly<Record<string, string>> = {
	google_oauth: 'oauth_google',
	github_oauth: 'oauth_github',
	microsoft_oauth: 'oauth_microsoft',
	facebook_oauth: 'oauth_facebook',
	linkedin_oauth: 'oauth_linkedin',
	discord_oauth: 'oauth_discord',
	apple_oauth: 'oauth_apple',
};

const ORG_ROLE_TEMPLATES: readonly (readonly [string, readonly string[]])[] = [
	['admin', ['org:read', 'org:update', 'org:delete', 'org:members:read', 'org:members:invite', 'org:members:remove', 'org:roles:manage', 'org:billing:read', 'org:billing:manage', 'org:workspaces:create']],
	['member', ['org:read', 'org:members:read', 'org:workspaces:read']],
	['billing', ['org:read', 'org:billing:read', 'org:billing:manage', 'org:invoices:read']],
];
const WORKSPACE_ROLE_TEMPLATES: readonly (readonly [string, readonly string[]])[] = [
	['admin', ['workspace:read', 'workspace:update', 'workspace:delete', 'workspace:members:read', 'workspace:members:manage', 'workspace:roles:manage']],
	['editor', ['workspace:read', 'workspace:write', 'workspace:members:read']],
	['viewer', ['workspace:read']],
];

interface OrgSeed {
	readonly name: string;
	readonly description: string;
	readonly weight: number;
	readonly workspaces: readonly (readonly [string, string])[];
}

const ORGS: readonly OrgSeed[] = [
	{name: 'Northwind Ltd', description: 'Specialty foods importer', weight: 3, workspaces: [['Support', 'Tier-2 support'], ['Engineering', ''], ['Finance', 'Month-end close']]},
	{name: 'Contoso Pharma', description: '', weight: 8, workspaces: [['Research', 'Clinical research'], ['Regulatory', '']]},
	{name: 'Fabrikam GmbH', description: 'Industrieautomation', weight: 6, workspaces: [['Produktion', ''], ['Vertrieb', 'DACH sales']]},
	{name: 'Globex Corporation', description: '', weight: 10, workspaces: [['Operations', ''], ['Sales', ''], ['Marketing', 'Brand & growth']]},
	{name: 'Initech', description: 'Enterprise software', weight: 5, workspaces: [['Platform', ''], ['Accounting', '']]},
	{name: 'Tailspin Toys', description: '', weight: 3, workspaces: [['Design', 'Product design']]},
	{name: 'Wide World Importers', description: 'Logistics', weight: 5, workspaces: [['Logistics', ''], ['Customs', '']]},
	{name: 'Adventure Works', description: '', weight: 6, workspaces: [['Retail', ''], ['E-commerce', 'Online store']]},
	{name: 'Lamna Healthcare', description: 'Hospital group', weight: 4, workspaces: [['Clinical', ''], ['IT', 'Service desk']]},
	{name: 'Coho Winery', description: '', weight: 1, workspaces: [['Cellar', '']]},
	{name: 'Proseware, Inc.', description: '', weight: 3, workspaces: [['Product', ''], ['Support', 'Customer support']]},
	{name: 'Café Lumière SARL', description: 'Torréfacteur', weight: 2, workspaces: [['Équipe Paris', '']]},
	{name: '株式会社サクラ', description: 'Sakura K.K.', weight: 2, workspaces: [['開発', 'Development']]},
];

// ---------------------------------------------------------------- helpers

interface SeedContext {
	readonly seed: number;
	readonly store: WachtStore;
	readonly prng: Prng;
	readonly now: Micros;
	/** Organizations, workspaces and roles by name, looked up once (join runs ~2,800 times). */
	readonly byName: Map<string, OrganizationRecord | WorkspaceRecord | RoleRecord>;
	readonly emailsTaken: Set<string>;
	readonly usernamesTaken: Set<string>;
}

/** A time `ago` µs before now, with chrono-like precision: mostly µs, sometimes ms or whole seconds. */
function past(ctx: SeedContext, ago: Micros): Micros {
	return precision(ctx, ctx.now - Math.max(0, Math.round(ago)));
}

function precision(ctx: SeedContext, t: Micros): Micros {
	const r = ctx.prng.next();
	if (r < 0.08) return Math.floor(t / US_PER_S) * US_PER_S;
	if (r < 0.2) return Math.floor(t / 1_000) * 1_000;
	return t;
}

function ipAddress(prng: Prng): string {
	if (prng.chance(0.15)) return `2001:db8:${prng.int(1, 0xffff).toString(16)}:${prng.int(0, 0xffff).toString(16)}::${prng.int(1, 0xffff).toString(16)}`;
	const net = prng.pick(['192.0.2', '198.51.100', '203.0.113']);
	return `${net}.${prng.int(1, 254)}`;
}

function phoneDigits(prng: Prng, cc: string, digits: number): string {
	if (cc === '+1') return `555${prng.string('0123456789', 7)}`;
	return `${prng.int(2, 9)}${prng.string('0123456789', digits - 1)}`;
}

function token(prng: Prng, provider: string): {accessToken: string; refreshToken: string} {
	switch (provider) {
		case 'github_oauth':
			return {accessToken: `gho_${prng.string(BASE62, 36)}`, refreshToken: prng.chance(0.5) ? `ghr_${prng.string(BASE62, 76)}` : ''};
		case 'google_oauth':
			return {accessToken: `ya29.${prng.string(BASE64URL, 120)}`, refreshToken: `1//0${prng.string(BASE64URL, 60)}`};
		case 'microsoft_oauth':
			return {accessToken: `EwB${prng.string(BASE64URL, 140)}`, refreshToken: `M.C5${prng.string(BASE64URL, 90)}`};
		case 'gitlab_oauth':
			return {accessToken: `glpat-${prng.string(BASE64URL, 20)}`, refreshToken: prng.string('0123456789abcdef', 64)};
		default:
			return {accessToken: prng.string(BASE64URL, 64), refreshToken: prng.chance(0.4) ? prng.string(BASE64URL, 64) : ''};
	}
}

function uniqueEmail(ctx: SeedContext, local: string, domain: string): string {
	let email = `${local}@${domain}`;
	for (let i = 2; ctx.emailsTaken.has(email); i++) email = `${local}${i}@${domain}`;
	ctx.emailsTaken.add(email);
	return email;
}

function uniqueUsername(ctx: SeedContext, base: string): string {
	let name = base;
	for (let i = 2; ctx.usernamesTaken.has(name); i++) name = `${base}${i}`;
	ctx.usernamesTaken.add(name);
	return name;
}

interface SignInSpec {
	readonly browser?: string;
	readonly device?: string;
	readonly city?: string;
	readonly ip?: string;
	readonly blank?: boolean;
	readonly orgMembershipId?: string | null;
}

const SIGNIN_LIFETIME = 30 * US_PER_DAY;

/** A sign-in that is active now: created ≤ 25 days ago, expires 30 days after creation. */
function activeSignIn(ctx: SeedContext, userId: string, spec: SignInSpec & {createdAgo?: Micros; lastActiveAgo?: Micros}) {
	const {prng} = ctx;
	const createdAgo = spec.createdAgo ?? prng.int(10 * 60, 25 * 24 * 3600) * US_PER_S;
	const createdAt = past(ctx, createdAgo);
	const lastActiveAgo = spec.lastActiveAgo ?? Math.min(createdAgo, prng.int(0, 3 * 24 * 3600) * US_PER_S);
	return addSignIn(ctx, userId, spec, createdAt, past(ctx, lastActiveAgo), createdAt + SIGNIN_LIFETIME);
}

/** A sign-in that expired: created 31–400 days ago. */
function expiredSignIn(ctx: SeedContext, userId: string, spec: SignInSpec & {createdAgo?: Micros}) {
	const {prng} = ctx;
	const createdAgo = spec.createdAgo ?? prng.int(31, 400) * US_PER_DAY + prng.int(0, US_PER_DAY);
	const createdAt = past(ctx, createdAgo);
	const expiresAt = createdAt + SIGNIN_LIFETIME;
	const lastActiveAt = Math.min(createdAt + prng.int(0, 29 * 24 * 3600) * US_PER_S, expiresAt - US_PER_MIN);
	return addSignIn(ctx, userId, spec, createdAt, lastActiveAt, expiresAt);
}

function addSignIn(ctx: SeedContext, userId: string, spec: SignInSpec, createdAt: Micros, lastActiveAt: Micros, expiresAt: Micros) {
	const {prng} = ctx;
	const [browser, device] = spec.browser !== undefined ? [spec.browser, spec.device ?? 'Other'] : prng.weighted(CLIENTS.map(([b, d, w]) => [[b, d] as const, w] as const));
	const place = spec.city !== undefined ? city(spec.city) : prng.pick(CITY_LIST);
	const blank = spec.blank === true;
	return ctx.store.addSignIn(userId, {
		createdAt,
		updatedAt: lastActiveAt,
		lastActiveAt,
		expiresAt,
		activeOrganizationMembershipId: spec.orgMembershipId ?? null,
		ipAddress: blank ? '' : (spec.ip ?? ipAddress(prng)),
		browser: blank ? '' : browser,
		device: blank ? '' : device,
		city: blank ? '' : place.city,
		region: blank ? '' : place.region,
		regionCode: blank ? '' : place.regionCode,
		country: blank ? '' : place.country,
		countryCode: blank ? '' : place.countryCode,
	});
}

function randomPasskey(ctx: SeedContext, user: UserRecord): void {
	const {prng} = ctx;
	const kind = prng.weighted(PASSKEY_KINDS.map((k) => [k, k.weight] as const));
	const age = ctx.now - user.createdAt;
	const createdAt = past(ctx, prng.int(0, Math.max(1, Math.floor(age / US_PER_S))) * US_PER_S);
	const used = prng.chance(0.85);
	ctx.store.addPasskey(user.id, {
		name: prng.pick(kind.names),
		createdAt,
		updatedAt: createdAt,
		signCount: kind.counts && used ? prng.int(1, 400) : 0,
		transports: kind.transports ? [...kind.transports] : null,
		lastUsedAt: used ? past(ctx, prng.int(0, Math.floor((ctx.now - createdAt) / US_PER_S)) * US_PER_S) : null,
		backedUp: kind.backedUp,
		deviceType: kind.deviceType,
	});
}

function seedAuthenticator(ctx: SeedContext, user: UserRecord, secret: string, createdAt: Micros): void {
	const email = ctx.store.primaryEmail(user.id)?.email ?? `user-${user.id}`;
	ctx.store.addAuthenticator(user.id, {secret, otpUrl: otpUrl(DEFAULT_ISSUER, email, secret), createdAt});
}

function byName<T extends OrganizationRecord | WorkspaceRecord | RoleRecord>(ctx: SeedContext, key: string, find: () => T | undefined): T {
	let hit = ctx.byName.get(key) as T | undefined;
	if (!hit) {
		hit = find();
		if (!hit) throw new Error(`unknown seed ${key}`);
		ctx.byName.set(key, hit);
	}
	return hit;
}

function join(ctx: SeedContext, userId: string, org: string, roles: string[], workspaces: [string, string[]][], createdAt: Micros): OrganizationMembershipRecord {
	const {store} = ctx;
	const o = byName(ctx, `organization ${org}`, () => store.findOrganizationByName(org));
	const roleIds = roles.map((r) => byName(ctx, `org role ${org}/${r}`, () => store.findRole('organization', o.id, r)).id);
	const m = store.addOrganizationMembership({userId, organizationId: o.id, roleIds, createdAt});
	let t = createdAt;
	for (const [wsName, wsRoles] of workspaces) {
		const ws = byName(ctx, `workspace ${org}/${wsName}`, () => store.findWorkspaceByName(o.id, wsName));
		t += ctx.prng.int(30, 3_600) * US_PER_S;
		const wsRoleIds = wsRoles.map((r) => byName(ctx, `workspace role ${org}/${wsName}/${r}`, () => store.findRole('workspace', ws.id, r)).id);
		store.addWorkspaceMembership({userId, workspaceId: ws.id, organizationMembershipId: m.id, roleIds: wsRoleIds, createdAt: t});
	}
	return m;
}

// ---------------------------------------------------------------- parts built on first touch

/*
 * What a search or a list shows (names, emails, phones, ids, status, memberships and their roles, which org
 * member counts need) is seeded at once from the seed's one stream. A random user's sign-ins, passkeys, social
 * connections, authenticator and backup codes, and the 10,000 sign-ins of many.sessions@example.test, are
 * deferred (WachtStore.defer): each part draws from a stream of its own, derived from the seed and the user's
 * place in creation order, and takes ids from a block of the virtual clock of its own, so the records are the
 * same whether they are built at once (`eager`), on first touch, or in any order.
 */

/** Where the deferred parts' id blocks start on the virtual clock, past anything the main stream will reach. */
const MANY_SESSIONS_BLOCK = 2 ** 35;
const USER_BLOCKS = 2 ** 36;
/** Virtual ms per user's block: ≥ 419 ids at the largest jitter; a random user has at most ~36 deferred records. */
const USER_BLOCK_MS = 2 ** 20;

/** A stream of its own for the deferred part of the user created `index`-th. */
function partPrng(seed: number, index: number, salt = 0): Prng {
	return new Prng((Math.imul(seed ^ 0x7a3b9e1d, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) ^ salt);
}

/** Defers `build(ctx)` for the user created `index`-th, with its own stream and id block. */
function deferPart(ctx: SeedContext, user: UserRecord, index: number, block: {offsetMs: number; sizeMs: number}, build: (part: SeedContext) => void): void {
	const {seed} = ctx;
	// The streams are made when the part is built: 2,000 of them at once would cost what deferring saves.
	ctx.store.defer(
		user.id,
		() => ctx.store.ids.block(partPrng(seed, index, 0x1d5), block.offsetMs, block.sizeMs),
		() => build({...ctx, prng: partPrng(seed, index)}),
	);
}

// ---------------------------------------------------------------- seeding

export interface SeedOptions {
	seed?: number;
	/** Time base (µs); defaults to now. */
	now?: Micros;
	/** Total users including the well-known ones (default 2,000). */
	userCount?: number;
	/** Sign-ins of many.sessions@example.test (default 10,000). */
	manySessions?: number;
	/** Build every deferred part at once (what a store that is never built lazily holds). Default false. */
	eager?: boolean;
}

/**
 * Builds a seeded store. Same seed → same ids, names and records; times relative to `now`. Each user's heavier
 * records are built when that user is first read or changed (see deferPart), identical to `eager: true`'s.
 */
export function seedStore(opts: SeedOptions = {}): WachtStore {
	const steps = seedSteps(opts);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/**
 * The same seed in slices of about SEED_SLICE users (yield between them), so the embedded demo draws its first
 * frame meanwhile (what is seeded at once is ~60 ms of CPU, cold). What is built is identical.
 */
export function* seedSteps(opts: SeedOptions = {}): Generator<void, WachtStore> {
	const seed = opts.seed ?? DEFAULT_SEED;
	const now = opts.now ?? nowMicros();
	const store = new WachtStore({seed});
	const ctx: SeedContext = {
		seed,
		store,
		prng: new Prng(seed),
		now,
		byName: new Map(),
		emailsTaken: new Set(),
		usernamesTaken: new Set(),
	};
	seedOrganizations(ctx);
	seedWellKnown(ctx);
	deferManySessions(ctx, opts.manySessions ?? MANY_SESSIONS_COUNT);
	const total = opts.userCount ?? DEFAULT_USER_COUNT;
	seedAnaLookalikes(ctx);
	for (let i = store.users.size, n = 0; i < total - DIAGNOSIS_CASES; i++, n++) {
		if (n % SEED_SLICE === SEED_SLICE - 1) yield;
		seedRandomUser(ctx);
	}
	// Last, with their own random stream: adding them changed no other user's id, name or email.
	seedDiagnosisCases({...ctx, prng: new Prng(seed ^ 0xd1a9)});
	if (opts.eager) store.buildAll();
	return store;
}

/** Users a slice of seedSteps builds: ~10 ms of CPU, well under a frame. */
const SEED_SLICE = 40;

function seedOrganizations(ctx: SeedContext): void {
	const {store, prng} = ctx;
	const base = past(ctx, 760 * US_PER_DAY);
	for (const [name, permissions] of ORG_ROLE_TEMPLATES) store.addRole({name, permissions: [...permissions], scope: 'organization', createdAt: base, updatedAt: base});
	for (const [name, permissions] of WORKSPACE_ROLE_TEMPLATES) store.addRole({name, permissions: [...permissions], scope: 'workspace', createdAt: base, updatedAt: base});
	for (const seedOrg of ORGS) {
		const createdAt = past(ctx, prng.int(400, 740) * US_PER_DAY + prng.int(0, US_PER_DAY));
		const org = store.addOrganization({
			name: seedOrg.name,
			description: seedOrg.description,
			createdAt,
			updatedAt: past(ctx, prng.int(1, 300) * US_PER_DAY),
			imageUrl: prng.chance(0.5) ? `https://img.wacht.example/orgs/${asciiFold(seedOrg.name.replace(/\s+/g, '-')) || 'org'}.png` : '',
			publicMetadata: prng.chance(0.5) ? {plan: prng.pick(['team', 'business', 'enterprise'])} : {},
			privateMetadata: prng.chance(0.3) ? {crm_account: `ACC-${prng.string('0123456789', 6)}`} : {},
		});
		for (const [wsName, description] of seedOrg.workspaces) {
			const wsCreated = createdAt + prng.int(60, 30 * 24 * 3600) * US_PER_S;
			const ws = store.addWorkspace({organizationId: org.id, name: wsName, description, createdAt: wsCreated, updatedAt: wsCreated});
			if (seedOrg.name === 'Northwind Ltd' && wsName === 'Support') {
				// A workspace-defined role shadowing the deployment-level "editor".
				store.addRole({name: 'editor', scope: 'workspace', ownerId: ws.id, permissions: ['workspace:read', 'workspace:write', 'tickets:read', 'tickets:write', 'tickets:assign'], createdAt: wsCreated + 300 * US_PER_S});
			}
		}
		if (seedOrg.name === 'Northwind Ltd') {
			store.addRole({name: 'auditor', scope: 'organization', ownerId: org.id, permissions: ['org:read', 'org:members:read', 'org:audit_logs:read'], createdAt: createdAt + US_PER_DAY});
		}
	}
}

function seedWellKnown(ctx: SeedContext): void {
	const {store, prng} = ctx;
	const d = US_PER_DAY;

	// Jane Okafor
	const janeCreated = past(ctx, 83 * d + 3 * US_PER_H);
	const jane = store.addUser({firstName: 'Jane', lastName: 'Okafor', username: 'jokafor', createdAt: janeCreated, updatedAt: past(ctx, 2 * d), publicMetadata: {plan: 'team'}, secondFactorPolicy: 'optional'});
	ctx.usernamesTaken.add('jokafor');
	ctx.emailsTaken.add(WELL_KNOWN.jane);
	ctx.emailsTaken.add(WELL_KNOWN.janeSecondary);
	const janeEmail = store.addEmail(jane.id, {email: WELL_KNOWN.jane, verified: true, verificationStrategy: 'otp', createdAt: janeCreated});
	store.addEmail(jane.id, {email: WELL_KNOWN.janeSecondary, verified: false, verifiedAt: null, primary: false, createdAt: janeCreated + 20 * d});
	store.addPhone(jane.id, {countryCode: '+1', phoneNumber: '5550100123', verified: true, createdAt: janeCreated + d});
	store.addSocialConnection(jane.id, {provider: 'github_oauth', userEmailAddressId: janeEmail.id, emailAddress: WELL_KNOWN.jane, createdAt: janeCreated, accessToken: `gho_${prng.string(BASE62, 36)}`, refreshToken: `ghr_${prng.string(BASE62, 76)}`});
	const janeOrg = join(ctx, jane.id, 'Northwind Ltd', ['admin'], [['Support', ['editor']]], janeCreated + 6 * 60 * US_PER_S);
	jane.activeOrganizationMembershipId = janeOrg.id;
	activeSignIn(ctx, jane.id, {browser: 'Chrome', device: 'Mac', city: 'Lisbon', ip: '203.0.113.24', orgMembershipId: janeOrg.id, createdAgo: 2 * d + 5 * US_PER_H, lastActiveAgo: 4 * US_PER_MIN});
	activeSignIn(ctx, jane.id, {browser: 'Mobile Safari', device: 'iPhone', city: 'London', ip: '198.51.100.7', createdAgo: 9 * d, lastActiveAgo: 3 * US_PER_H});
	activeSignIn(ctx, jane.id, {browser: 'Firefox', device: 'Other', city: 'Berlin', ip: '2001:db8:4a1::17', createdAgo: 17 * d, lastActiveAgo: 2 * d + 7 * US_PER_H});
	expiredSignIn(ctx, jane.id, {browser: 'Edge', device: 'Other', city: 'Lagos', ip: '192.0.2.55', createdAgo: 44 * d});
	expiredSignIn(ctx, jane.id, {blank: true, createdAgo: 71 * d});
	store.addPasskey(jane.id, {name: 'Work laptop', createdAt: janeCreated + 10 * d, signCount: 14, transports: ['internal', 'hybrid'], lastUsedAt: past(ctx, 4 * US_PER_MIN + 2 * US_PER_S), backedUp: true, deviceType: 'multi_device'});
	store.addPasskey(jane.id, {name: 'YubiKey 5C', createdAt: janeCreated + 30 * d, signCount: 37, transports: ['usb', 'nfc'], lastUsedAt: past(ctx, 12 * d), backedUp: false, deviceType: 'single_device'});

	// Søren Kierkegaard-Møller (his sign-ins are deferred, see deferManySessions)
	const sorenCreated = past(ctx, 500 * d);
	const soren = store.addUser({firstName: 'Søren', lastName: 'Kierkegaard-Møller', username: 'soren.km', createdAt: sorenCreated, updatedAt: past(ctx, 30 * d)});
	ctx.usernamesTaken.add('soren.km');
	ctx.emailsTaken.add(WELL_KNOWN.manySessions);
	store.addEmail(soren.id, {email: WELL_KNOWN.manySessions, createdAt: sorenCreated});
	store.addPhone(soren.id, {countryCode: '+45', phoneNumber: '20123456', createdAt: sorenCreated});
	soren.activeOrganizationMembershipId = join(ctx, soren.id, 'Globex Corporation', ['member'], [['Operations', ['viewer']]], sorenCreated + US_PER_H).id;
	store.addPasskey(soren.id, {name: 'iCloud Keychain', createdAt: sorenCreated + 40 * d, transports: ['internal', 'hybrid'], backedUp: true, deviceType: 'multi_device', lastUsedAt: past(ctx, US_PER_H)});

	// Dana Whitfield (disabled: her sign-ins were hard-deleted when she was disabled)
	const danaCreated = past(ctx, 260 * d);
	const dana = store.addUser({firstName: 'Dana', lastName: 'Whitfield', username: 'dwhitfield', createdAt: danaCreated, updatedAt: past(ctx, 6 * d), disabled: true, privateMetadata: {disabled_reason: 'chargeback fraud review'}});
	ctx.usernamesTaken.add('dwhitfield');
	ctx.emailsTaken.add(WELL_KNOWN.disabled);
	store.addEmail(dana.id, {email: WELL_KNOWN.disabled, createdAt: danaCreated});
	join(ctx, dana.id, 'Contoso Pharma', ['member'], [], danaCreated + US_PER_H);
	store.addPasskey(dana.id, {name: 'Windows Hello', createdAt: danaCreated + 3 * d, signCount: 52, transports: ['internal'], backedUp: false, deviceType: 'single_device', lastUsedAt: past(ctx, 7 * d)});

	// Łukasz Nowak (MFA)
	const lukaszCreated = past(ctx, 190 * d);
	const lukasz = store.addUser({firstName: 'Łukasz', lastName: 'Nowak', username: 'lnowak', createdAt: lukaszCreated, updatedAt: past(ctx, 40 * d), secondFactorPolicy: 'enforced'});
	ctx.usernamesTaken.add('lnowak');
	ctx.emailsTaken.add(WELL_KNOWN.mfa);
	store.addEmail(lukasz.id, {email: WELL_KNOWN.mfa, createdAt: lukaszCreated});
	store.addPhone(lukasz.id, {countryCode: '+48', phoneNumber: '601234567', createdAt: lukaszCreated + d});
	const lukaszOrg = join(ctx, lukasz.id, 'Northwind Ltd', ['member'], [['Engineering', ['viewer']]], lukaszCreated + 2 * US_PER_H);
	lukasz.activeOrganizationMembershipId = lukaszOrg.id;
	activeSignIn(ctx, lukasz.id, {browser: 'Chrome', device: 'Other', city: 'Warsaw', ip: '192.0.2.140', orgMembershipId: lukaszOrg.id, createdAgo: 3 * d, lastActiveAgo: 20 * US_PER_MIN});
	seedAuthenticator(ctx, lukasz, MFA_USER_TOTP_SECRET, lukaszCreated + 5 * d);
	store.setBackupCodes(lukasz.id, generateBackupCodes(prng));

	// Zoë Martin (nothing)
	const zoeCreated = past(ctx, 12 * d);
	const zoe = store.addUser({firstName: 'Zoë', lastName: 'Martin', username: '', createdAt: zoeCreated, hasPassword: false});
	ctx.emailsTaken.add(WELL_KNOWN.noSessions);
	store.addEmail(zoe.id, {email: WELL_KNOWN.noSessions, createdAt: zoeCreated});

	// Ana Silva (her created_at sits between the lookalikes', see seedAnaLookalikes)
	const anaCreated = past(ctx, 300 * d);
	const ana = store.addUser({firstName: 'Ana', lastName: 'Silva', username: 'anasilva', createdAt: anaCreated, updatedAt: past(ctx, 20 * d)});
	ctx.usernamesTaken.add('anasilva');
	ctx.emailsTaken.add(WELL_KNOWN.ana);
	store.addEmail(ana.id, {email: WELL_KNOWN.ana, createdAt: anaCreated});
	store.addPhone(ana.id, {countryCode: '+351', phoneNumber: '912345678', createdAt: anaCreated});
	const anaOrg = join(ctx, ana.id, 'Proseware, Inc.', ['member'], [['Support', ['editor']]], anaCreated + US_PER_H);
	activeSignIn(ctx, ana.id, {browser: 'Safari', device: 'Mac', city: 'Porto', orgMembershipId: anaOrg.id});
	activeSignIn(ctx, ana.id, {browser: 'Mobile Safari', device: 'iPhone', city: 'Porto'});
	store.addPasskey(ana.id, {name: 'iPhone', createdAt: anaCreated + 2 * d, transports: ['internal', 'hybrid'], backedUp: true, deviceType: 'multi_device', lastUsedAt: past(ctx, 5 * US_PER_H)});
}

function seedAnaLookalikes(ctx: SeedContext): void {
	const {store, prng} = ctx;
	ANA_LOOKALIKES.forEach(([local, first, last], i) => {
		// The first ANA_OLDER_LOOKALIKES are older than Ana (300 days), the rest newer.
		const ageDays = i < ANA_OLDER_LOOKALIKES ? 310 + i * 25 : 2 + (i - ANA_OLDER_LOOKALIKES) * 14;
		const createdAt = past(ctx, ageDays * US_PER_DAY + prng.int(0, US_PER_DAY));
		const email = `${local}@example.test`;
		ctx.emailsTaken.add(email);
		const u = store.addUser({
			firstName: first,
			lastName: last,
			username: prng.chance(0.6) ? uniqueUsername(ctx, `${local}.${asciiFold(last)}`) : '',
			createdAt,
			updatedAt: createdAt + prng.int(0, 20) * US_PER_DAY,
		});
		store.addEmail(u.id, {email, createdAt});
		if (prng.chance(0.4)) store.addPhone(u.id, {countryCode: '+351', phoneNumber: phoneDigits(prng, '+351', 9), createdAt});
		if (prng.chance(0.5)) activeSignIn(ctx, u.id, {});
		if (prng.chance(0.3)) expiredSignIn(ctx, u.id, {});
		if (prng.chance(0.3)) randomPasskey(ctx, u);
	});
}

const CULTURE_WEIGHTS = CULTURES.map((c) => [c, c.weight] as const);
/** Each organization as often as its weight: a sample of it picks organizations by weight. */
const ORG_POOL: readonly OrgSeed[] = ORGS.flatMap((o) => Array.from({length: o.weight}, () => o));

/** A random user: what lists and searches show now, the rest deferred (see deferPart). */
function seedRandomUser(ctx: SeedContext): void {
	const {store, prng} = ctx;
	const index = store.users.size;
	const culture = prng.weighted(CULTURE_WEIGHTS);
	const [first, asciiFirst] = prng.pick(culture.first);
	const [last, asciiLast] = prng.pick(culture.last);
	const createdAt = past(ctx, prng.int(1, 720 * 24 * 3600) * US_PER_S);
	const disabled = prng.chance(0.03);
	const u = store.addUser({
		firstName: first,
		lastName: last,
		createdAt,
		updatedAt: createdAt + Math.floor(prng.next() * (ctx.now - createdAt)),
		disabled,
		schemaVersion: prng.chance(0.9) ? 'v2' : 'v1',
		hasPassword: prng.chance(0.8),
		lastPasswordResetAt: prng.chance(0.1) ? createdAt + Math.floor(prng.next() * (ctx.now - createdAt)) : null,
		profilePictureUrl: prng.chance(0.2) ? `https://img.wacht.example/avatars/${prng.string('0123456789abcdef', 24)}.jpg` : '',
		publicMetadata: prng.chance(0.3) ? (prng.chance(0.3) ? {plan: prng.pick(['team', 'business']), seats: prng.int(2, 250)} : {plan: prng.pick(['free', 'team', 'business', 'enterprise'])}) : {},
		privateMetadata: prng.chance(0.2) ? {crm_id: `CRM-${prng.string('0123456789', 7)}`} : prng.chance(0.05) ? {stripe_customer_id: `cus_${prng.string(BASE62, 14)}`} : {},
	});
	if (prng.chance(0.65)) {
		const base = prng.pick([`${asciiFirst}${asciiLast.slice(0, 1)}`, `${asciiFirst.slice(0, 1)}${asciiLast}`, `${asciiFirst}_${asciiLast}`, `${asciiFirst}${asciiLast}${prng.int(1, 99)}`, `${asciiFirst}.${asciiLast}`]);
		u.username = uniqueUsername(ctx, base);
	}

	// Emails: the primary one, sometimes a second one.
	const domain = prng.weighted(DOMAINS);
	const local = prng.pick([`${asciiFirst}.${asciiLast}`, `${asciiFirst.slice(0, 1)}${asciiLast}`, `${asciiFirst}${asciiLast}${prng.int(1, 99)}`, `${asciiFirst}_${asciiLast}`]);
	const social = prng.chance(0.3) ? prng.weighted(PROVIDERS) : null;
	const oauthStrategy = social ? OAUTH_STRATEGY[social] : undefined;
	const strategy = oauthStrategy && prng.chance(0.5) ? oauthStrategy : 'otp';
	const primary = store.addEmail(u.id, {email: uniqueEmail(ctx, local, domain), createdAt, verificationStrategy: strategy, verified: strategy !== 'otp' || prng.chance(0.97)});
	if (prng.chance(0.15)) {
		const verified = prng.chance(0.6);
		store.addEmail(u.id, {email: uniqueEmail(ctx, `${asciiFirst}${prng.int(1, 999)}`, prng.weighted(DOMAINS)), primary: false, createdAt: createdAt + prng.int(1, 100) * US_PER_DAY, verified, verifiedAt: verified ? undefined : null});
	}
	if (prng.chance(0.4)) {
		store.addPhone(u.id, {countryCode: culture.phoneCc, phoneNumber: phoneDigits(prng, culture.phoneCc, culture.phoneDigits), createdAt, verified: prng.chance(0.9)});
		if (prng.chance(0.1)) store.addPhone(u.id, {countryCode: '+1', phoneNumber: phoneDigits(prng, '+1', 10), primary: false, createdAt: createdAt + US_PER_DAY, verified: false, verifiedAt: null});
	}

	// Memberships (seeded now: every membership view shows its organization's member count).
	const orgCount = prng.weighted([
		[0, 35],
		[1, 55],
		[2, 10],
	] as const);
	const orgs =
		orgCount === 0
			? []
			: prng
					.sample(ORG_POOL, orgCount * 3)
					.filter((o, i, all) => all.indexOf(o) === i)
					.slice(0, orgCount);
	let firstMembership: OrganizationMembershipRecord | null = null;
	for (const org of orgs) {
		const roleChoices: [string[], number][] = [
			[['member'], 80],
			[['admin'], 8],
			[['billing'], 4],
			[['billing', 'member'], 4],
			[['admin', 'billing'], 2],
		];
		if (org.name === 'Northwind Ltd') roleChoices.push([['member', 'auditor'], 6]);
		const roles = prng.weighted(roleChoices);
		const wsCount = prng.weighted([
			[0, 25],
			[1, 60],
			[2, 15],
		] as const);
		const workspaces = prng.sample(org.workspaces, wsCount).map(([name]): [string, string[]] => [name, [prng.weighted([['viewer', 55], ['editor', 35], ['admin', 10]] as const)]]);
		const m = join(ctx, u.id, org.name, roles, workspaces, createdAt + prng.int(60, 30 * 24 * 3600) * US_PER_S);
		firstMembership ??= m;
	}
	if (firstMembership && prng.chance(0.8)) u.activeOrganizationMembershipId = firstMembership.id;

	// The MFA policy is the user's own field; the authenticator it goes with is deferred.
	const hasAuthenticator = prng.chance(0.18);
	u.secondFactorPolicy = hasAuthenticator
		? prng.weighted<SecondFactorPolicy>([
				['enforced', 60],
				['optional', 40],
			])
		: prng.weighted<SecondFactorPolicy>([
				['optional', 75],
				['none', 20],
				['enforced', 5],
			]);

	const membershipId = firstMembership?.id ?? null;
	deferPart(ctx, u, index, {offsetMs: USER_BLOCKS + index * USER_BLOCK_MS, sizeMs: USER_BLOCK_MS}, (part) => seedUserRecords(part, u, {culture, social, primaryEmailId: primary.id, membershipId, hasAuthenticator}));
}

/** The deferred part of a random user: social connections, sign-ins, passkeys, authenticator, backup codes. */
function seedUserRecords(ctx: SeedContext, u: UserRecord, at: {culture: Culture; social: string | null; primaryEmailId: string; membershipId: string | null; hasAuthenticator: boolean}): void {
	const {store, prng} = ctx;
	const {createdAt} = u;
	const {social} = at;
	if (social) {
		store.addSocialConnection(u.id, {provider: social, userEmailAddressId: at.primaryEmailId, createdAt, ...token(prng, social)});
		if (prng.chance(0.15)) {
			const other = prng.weighted(PROVIDERS.filter(([p]) => p !== social));
			store.addSocialConnection(u.id, {provider: other, userEmailAddressId: at.primaryEmailId, createdAt: createdAt + prng.int(1, 200) * US_PER_DAY, ...token(prng, other)});
		}
	}

	// Sign-ins (none for disabled users: disabling hard-deletes them).
	if (!u.disabled) {
		const count = prng.weighted([
			[0, 30],
			[1, 30],
			[2, 15],
			[3, 10],
			[prng.int(4, 8), 10],
			[prng.int(9, 30), 5],
		] as const);
		const home = prng.pick(at.culture.cities);
		for (let i = 0; i < count; i++) {
			const spec: SignInSpec = {
				city: prng.chance(0.8) ? home : prng.pick(CITY_LIST).city,
				orgMembershipId: at.membershipId && prng.chance(0.5) ? at.membershipId : null,
				blank: prng.chance(0.02),
			};
			if (prng.chance(0.3)) {
				const s = expiredSignIn(ctx, u.id, spec);
				if (prng.chance(0.02)) s.sessionId = '0';
			} else activeSignIn(ctx, u.id, spec);
		}
	}

	// Passkeys.
	const passkeys = prng.weighted([
		[0, 45],
		[1, 35],
		[2, 14],
		[3, 6],
	] as const);
	for (let i = 0; i < passkeys; i++) randomPasskey(ctx, u);

	// MFA.
	if (at.hasAuthenticator) seedAuthenticator(ctx, u, prng.string(BASE32, 32), createdAt + prng.int(0, Math.floor((ctx.now - createdAt) / US_PER_S)) * US_PER_S);
	if (at.hasAuthenticator ? prng.chance(0.85) : prng.chance(0.03)) store.setBackupCodes(u.id, generateBackupCodes(prng));
}

/** The sign-ins of many.sessions@example.test, deferred like a random user's records. */
function deferManySessions(ctx: SeedContext, count: number): void {
	const soren = ctx.store.findUserByEmail(WELL_KNOWN.manySessions);
	if (!soren) return;
	const index = [...ctx.store.users.keys()].indexOf(soren.id);
	const membershipId = soren.activeOrganizationMembershipId;
	deferPart(ctx, soren, index, {offsetMs: MANY_SESSIONS_BLOCK, sizeMs: MANY_SESSIONS_BLOCK}, (part) => {
		for (let i = 0; i < count; i++) {
			const spec: SignInSpec = {city: part.prng.chance(0.7) ? 'Copenhagen' : part.prng.pick(CITY_LIST).city, orgMembershipId: part.prng.chance(0.5) ? membershipId : null};
			if (part.prng.chance(0.3)) expiredSignIn(part, soren.id, spec);
			else activeSignIn(part, soren.id, spec);
		}
	});
}

/** One user per diagnosis rule that needs data no other seeded user has (see the list at the top). */
function seedDiagnosisCases(ctx: SeedContext): void {
	const {store} = ctx;
	const d = US_PER_DAY;
	const user = (email: string, firstName: string, lastName: string, username: string, ageDays: number, extra: Partial<UserRecord> = {}): UserRecord => {
		const createdAt = past(ctx, ageDays * d);
		const u = store.addUser({firstName, lastName, username: uniqueUsername(ctx, username), createdAt, updatedAt: past(ctx, 3 * d), ...extra});
		ctx.emailsTaken.add(email);
		store.addEmail(u.id, {email, createdAt});
		return u;
	};

	// MFA enforced, yet nothing to pass it with: no authenticator, no backup codes.
	const kwame = user(WELL_KNOWN.mfaMissing, 'Kwame', 'Mensah', 'kmensah', 140, {secondFactorPolicy: 'enforced'});
	activeSignIn(ctx, kwame.id, {browser: 'Chrome', device: 'Other', city: 'Lagos', ip: '198.51.100.61', createdAgo: 6 * d, lastActiveAgo: 2 * d});

	// Signed out everywhere by time: every sign-in expired.
	const ines = user(WELL_KNOWN.expiredSessions, 'Inés', 'Navarro', 'inavarro', 400);
	expiredSignIn(ctx, ines.id, {browser: 'Safari', device: 'Mac', city: 'Madrid', ip: '203.0.113.91', createdAgo: 35 * d});
	expiredSignIn(ctx, ines.id, {browser: 'Mobile Safari', device: 'iPhone', city: 'Madrid', ip: '203.0.113.92', createdAgo: 48 * d});
	expiredSignIn(ctx, ines.id, {browser: 'Safari', device: 'Mac', city: 'Madrid', ip: '203.0.113.91', createdAgo: 90 * d});

	// Always Warsaw on a Mac, then Lagos on the same kind of Mac 25 minutes ago.
	const piotr = user(WELL_KNOWN.newCountry, 'Piotr', 'Zieliński', 'pzielinski', 600);
	expiredSignIn(ctx, piotr.id, {browser: 'Chrome', device: 'Mac', city: 'Warsaw', ip: '192.0.2.201', createdAgo: 80 * d});
	expiredSignIn(ctx, piotr.id, {browser: 'Chrome', device: 'Mac', city: 'Warsaw', ip: '192.0.2.202', createdAgo: 45 * d});
	activeSignIn(ctx, piotr.id, {browser: 'Chrome', device: 'Mac', city: 'Warsaw', ip: '192.0.2.203', createdAgo: 12 * d, lastActiveAgo: 20 * US_PER_H});
	activeSignIn(ctx, piotr.id, {browser: 'Chrome', device: 'Mac', city: 'Kraków', ip: '192.0.2.204', createdAgo: 3 * d, lastActiveAgo: 2 * US_PER_H});
	activeSignIn(ctx, piotr.id, {browser: 'Chrome', device: 'Mac', city: 'Lagos', ip: '198.51.100.250', createdAgo: 25 * US_PER_MIN, lastActiveAgo: 3 * US_PER_MIN});

	// Always a Mac in Copenhagen, then an Android phone (same city) an hour ago.
	const mette = user(WELL_KNOWN.newDevice, 'Mette', 'Sørensen', 'msorensen', 300);
	expiredSignIn(ctx, mette.id, {browser: 'Safari', device: 'Mac', city: 'Copenhagen', ip: '203.0.113.141', createdAgo: 60 * d});
	activeSignIn(ctx, mette.id, {browser: 'Safari', device: 'Mac', city: 'Copenhagen', ip: '203.0.113.142', createdAgo: 20 * d, lastActiveAgo: 26 * US_PER_H});
	activeSignIn(ctx, mette.id, {browser: 'Safari', device: 'Mac', city: 'Copenhagen', ip: '203.0.113.143', createdAgo: 5 * d, lastActiveAgo: 5 * US_PER_H});
	activeSignIn(ctx, mette.id, {browser: 'Chrome Mobile', device: 'Samsung SM-A546B', city: 'Copenhagen', ip: '203.0.113.144', createdAgo: US_PER_H, lastActiveAgo: 10 * US_PER_MIN});
}
