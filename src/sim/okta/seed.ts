/**
 * Deterministic seeded data for the Okta simulator (default seed 1): about 2,000 users in every status, with
 * realistic non-ASCII names, factors of every type (including types outside the spec's enum), groups, admin
 * role assignments, app links, OAuth consent grants and refresh tokens. The seed is expressed as a data file
 * (data-file.ts) and loaded the same way, so both paths stay equivalent.
 *
 * Everything is a function of the seed except the time base: times are offsets from the moment of seeding.
 *
 * Well-known users (WELL_KNOWN) have fixed ids and logins whatever the seed:
 *   admin            Ingrid Solberg: SUPER_ADMIN, owner of the API token (GET /api/v1/users/me).
 *   active           Aoife Ní Bhriain: ACTIVE; factors email, sms, call, push + Okta Verify TOTP
 *                    (secret ACTIVE_USER_TOTP_SECRET), Google Authenticator TOTP, two webauthn
 *                    ("MacBook Touch ID", "YubiKey 5C NFC"), security question; HELP_DESK_ADMIN; 3 sessions.
 *   allFactors       Björn Þórsson: ACTIVE; one factor of every type incl. signed_nonce, u2f, token:hardware, token,
 *                    token:hotp, web, and claims_provider (outside the spec's enum); one sms PENDING_ACTIVATION.
 *   lockedOut        Zoë Ångström: LOCKED_OUT (Okta-sourced; unlock works).
 *   adLockedOut      Dmitri Volkov: LOCKED_OUT, mastered by ACTIVE_DIRECTORY (unlock → 403 E0000032).
 *   suspended        Mateus Gonçalves: SUSPENDED.
 *   deprovisioned    Siobhán O'Connor: DEPROVISIONED (factors kept but GET …/factors → 404), found only by search/filter.
 *   staged           Nguyễn Thị Lan: STAGED, no password.
 *   provisioned      Øystein Kvalheim: PROVISIONED (activation pending), no password.
 *   passwordExpired  Łucja Wiśniewska: PASSWORD_EXPIRED.
 *   recovery         José Álvarez: RECOVERY.
 *   slashLogin       Priya Raman: ACTIVE, login "corp/priya.raman@example.com" (GET by login can't reach it).
 *   manyGrants       陈静 (Chen Jing): ACTIVE, MANY_GRANTS_COUNT consent grants across 6 clients and
 *                    MANY_TOKENS_COUNT refresh tokens.
 *   activating       Tomás Ruiz: PROVISIONED with transitioningToStatus ACTIVE (lifecycle calls → 409 E0000112).
 *   blocked          小林花 (Hana Kobayashi): ACTIVE, blocked from unknown devices (unlock clears it).
 *   noFactors        Liam Walsh: ACTIVE without factors (no resetFactors link).
 *   googleFederated  Kwame Mensah: ACTIVE, signs in through the "Google Workspace" IdP (credentials.provider SOCIAL,
 *                    no Okta password: no reset or forgot-password link; GET …/idps lists the IdP).
 *
 * System Log trails (events.ts): most ACTIVE users have ordinary sign-ins, app SSO and the odd wrong password over the
 * last week (their lastLogin is the newest sign-in); and
 *   lockedOut        five wrong passwords, then user.account.lock when the status changed (40 minutes ago).
 *   adLockedOut      the same against Active Directory, 3 hours ago.
 *   suspended        user.lifecycle.suspend by the admin; deprovisioned: user.lifecycle.deactivate.
 *   pushBombed       Marta Lindqvist (Stockholm): 8 Okta Verify pushes from São Paulo in six minutes, each denied.
 *   policyDenied     Rafael Moreno (contractor): sign-ins denied by the sign-on policy rule "Block unmanaged devices".
 *   notAssigned      Amara Eze: keeps opening Salesforce, which is not assigned to her.
 *   threatBlocked    Yusuf Demir: a password spray from a DigitalOcean proxy, blocked by ThreatInsight.
 *   takeover         Sofia Marchetti (Madrid): a sign-in from Bucharest on a new device, then a new Okta Verify and
 *                    her email changed to TAKEOVER_EMAIL.
 *   nearLockout      Noah Fischer (Berlin): still ACTIVE, four wrong passwords in the last quarter hour, none right since.
 *   allFactors       Björn Þórsson: a sign-in yesterday, while his lastLogin says nine days ago (they disagree).
 *   admin            Ingrid Solberg: her sign-in this morning, and the actions taken with her token.
 */
import {Prng} from '../shared/prng.js';
import {asciiFold, asciiPairs as n, type CultureNames} from '../shared/names.js';
import {loadOktaDataFile, type DataAppLink, type DataEvent, type DataFactor, type DataGrant, type DataRefreshToken, type DataUser, type OktaDataFile} from './data-file.js';
import type {UserAgentName} from './events.js';
import type {OktaStore, PushResponder, UserStatus} from './store.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_USER_COUNT = 2_000;
export const MANY_GRANTS_COUNT = 150;
export const MANY_TOKENS_COUNT = 60;

/** The TOTP secret of the active user's Okta Verify factor (base32). */
export const ACTIVE_USER_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface WellKnownUser {
	readonly id: string;
	readonly login: string;
	readonly status: UserStatus;
}

const wk = (id: string, login: string, status: UserStatus): WellKnownUser => ({id, login, status});

/** Fixed users every seed contains (ids do not depend on the seed). */
/**
 * How the demo's phones answer a verification push: the user approves after four seconds, except Marta Lindqvist,
 * who has been bombarded with pushes and now rejects every one (a caller check that fails, to practise on).
 */
export const DEMO_PUSH_RESPONDER: PushResponder = (_tx, user) => (user.id === WELL_KNOWN.pushBombed.id ? {answer: 'reject', afterMs: 3_000} : {answer: 'approve', afterMs: 4_000});

export const WELL_KNOWN = {
	admin: wk('00uU8JZpDE0iGXlD6gNC', 'ingrid.solberg@example.com', 'ACTIVE'),
	active: wk('00uFbaEPFjbD0kH8Oool', 'aoife.nibhriain@example.com', 'ACTIVE'),
	allFactors: wk('00u8DklZDOCj2ISaJiHk', 'bjorn.thorsson@example.com', 'ACTIVE'),
	lockedOut: wk('00uTj0rLGlkoMXGjtEkD', 'zoe.angstrom@example.com', 'LOCKED_OUT'),
	adLockedOut: wk('00uZZGeoZDMENcKHVmDG', 'dmitri.volkov@corp.example.com', 'LOCKED_OUT'),
	suspended: wk('00unNfribxUdl7dXTPyL', 'mateus.goncalves@example.com', 'SUSPENDED'),
	deprovisioned: wk('00usxPFkThf4VucSmEHg', 'siobhan.oconnor@example.com', 'DEPROVISIONED'),
	staged: wk('00uaKwVJ7faC9qEwjky4', 'lan.nguyen@example.com', 'STAGED'),
	provisioned: wk('00u0UVsWmflzdE1F8Res', 'oystein.kvalheim@example.com', 'PROVISIONED'),
	passwordExpired: wk('00uqEDusTpkr0cStY4qW', 'lucja.wisniewska@example.com', 'PASSWORD_EXPIRED'),
	recovery: wk('00uB8dWKnHfDNxSIvPZZ', 'jose.alvarez@example.com', 'RECOVERY'),
	slashLogin: wk('00u63fFKcZjR4I0b3jRt', 'corp/priya.raman@example.com', 'ACTIVE'),
	manyGrants: wk('00uaWr4Y9OJFLJOqOAf1', 'chen.jing@example.com', 'ACTIVE'),
	activating: wk('00ulLQSAJaiXnkU8Is2g', 'tomas.ruiz@example.com', 'PROVISIONED'),
	blocked: wk('00u8nprvDd53x83rzjZZ', 'hana.kobayashi@example.com', 'ACTIVE'),
	noFactors: wk('00uAkJiG8XnBE3NnYJoQ', 'liam.walsh@example.com', 'ACTIVE'),
	pushBombed: wk('00uPu5hB0mbMLindqvst', 'marta.lindqvist@example.com', 'ACTIVE'),
	policyDenied: wk('00uP0licyD3nyRMoreno', 'rafael.moreno@contractor.example.net', 'ACTIVE'),
	notAssigned: wk('00uUnass1gnedAEze001', 'amara.eze@example.com', 'ACTIVE'),
	threatBlocked: wk('00uThr3atYDemir00001', 'yusuf.demir@example.com', 'ACTIVE'),
	takeover: wk('00uTak30verSMarch001', 'sofia.marchetti@example.com', 'ACTIVE'),
	nearLockout: wk('00uN3arL0ckNFischer1', 'noah.fischer@example.com', 'ACTIVE'),
	googleFederated: wk('00uG00gleFedKMensah1', 'kwame.mensah@example.com', 'ACTIVE'),
} as const;

/** The identity provider `googleFederated` signs in through. */
export const GOOGLE_IDP_ID = '0oaG00gleW0rkspace01';

/** The factor the takeover of `takeover` enrolled (its System Log event names it). */
export const TAKEOVER_FACTOR_ID = 'opfTak30verSofia0001';
/** The email the takeover changed `takeover`'s profile to. */
export const TAKEOVER_EMAIL = 's.marchetti.recovery@mail.example';

export type WellKnownName = keyof typeof WELL_KNOWN;

// ------------------------------------------------------------------ reference data

export {asciiFold};

interface Culture extends CultureNames {
	readonly city: readonly string[];
	readonly country: string;
	readonly locale: string;
	readonly timezone: string;
}

const CULTURES: readonly Culture[] = [
	{weight: 22, first: n('James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Mia', 'Lucas', 'Harper', 'Grace', 'Owen', 'Dana'), last: n('Smith', 'Johnson', "O'Brien", 'Williams', 'Brown', 'Taylor', 'Anderson', 'Clarke', 'Murphy', 'Walsh', 'Hughes'), phoneCc: '+1', phoneDigits: 10, city: ['New York', 'San Francisco', 'Austin', 'Toronto'], country: 'US', locale: 'en_US', timezone: 'America/New_York'},
	{weight: 8, first: n('Łukasz', 'Wojciech', 'Małgorzata', 'Agnieszka', 'Paweł', 'Zofia', 'Katarzyna', 'Grzegorz'), last: n('Nowak', 'Kowalski', 'Wiśniewska', 'Wójcik', 'Kamiński', 'Lewandowska', 'Zieliński', 'Szymańska'), phoneCc: '+48', phoneDigits: 9, city: ['Warsaw', 'Kraków'], country: 'PL', locale: 'pl_PL', timezone: 'Europe/Warsaw'},
	{weight: 6, first: n('Søren', 'Mette', 'Jørgen', 'Astrid', 'Frederik', 'Ingrid', 'Åse', 'Bjørn'), last: n('Jensen', 'Nielsen', 'Hansen', 'Møller', 'Sørensen', 'Kjær', 'Ødegaard', 'Løkke'), phoneCc: '+45', phoneDigits: 8, city: ['Copenhagen', 'Aarhus'], country: 'DK', locale: 'da_DK', timezone: 'Europe/Copenhagen'},
	{weight: 12, first: n('José', 'María', 'Inés', 'João', 'Sebastián', 'Lucía', 'Álvaro', 'Conceição', 'Andrés', 'Begoña'), last: n('García', 'Fernández', 'González', 'Martín', 'Pérez', 'Silva', 'Gonçalves', 'Muñoz', 'Peña', 'Araújo'), phoneCc: '+34', phoneDigits: 9, city: ['Madrid', 'Lisbon', 'Porto', 'Sevilla'], country: 'ES', locale: 'es_ES', timezone: 'Europe/Madrid'},
	{weight: 6, first: n('Minh', 'Linh', 'Huy', 'Thảo', 'Dũng', 'Phương', 'Quân', 'Hương'), last: n('Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'), phoneCc: '+84', phoneDigits: 9, city: ['Hanoi', 'Ho Chi Minh City'], country: 'VN', locale: 'vi_VN', timezone: 'Asia/Ho_Chi_Minh'},
	{weight: 6, first: [['伟', 'wei'], ['芳', 'fang'], ['敏', 'min'], ['静', 'jing'], ['磊', 'lei'], ['洋', 'yang'], ['婷', 'ting'], ['强', 'qiang']], last: [['李', 'li'], ['王', 'wang'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao']], phoneCc: '+86', phoneDigits: 11, city: ['Beijing', 'Shanghai'], country: 'CN', locale: 'zh_CN', timezone: 'Asia/Shanghai'},
	{weight: 6, first: n('Ayşe', 'Mehmet', 'Elif', 'Çağrı', 'Şule', 'Oğuz', 'Gülşen', 'Barış'), last: n('Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Arslan'), phoneCc: '+90', phoneDigits: 10, city: ['Istanbul', 'Ankara'], country: 'TR', locale: 'tr_TR', timezone: 'Europe/Istanbul'},
	{weight: 6, first: n('Jürgen', 'Käthe', 'Jörg', 'Lükas', 'Anneliese', 'Björn', 'Grete', 'Matthäus'), last: n('Müller', 'Schröder', 'Groß', 'Weiß', 'Köhler', 'Schäfer', 'Fuchs', 'Bäcker'), phoneCc: '+49', phoneDigits: 10, city: ['Berlin', 'München', 'Köln'], country: 'DE', locale: 'de_DE', timezone: 'Europe/Berlin'},
	{weight: 5, first: [['Дмитрий', 'dmitry'], ['Анна', 'anna'], ['Сергей', 'sergey'], ['Ольга', 'olga'], ['Иван', 'ivan'], ['Наталья', 'natalya']], last: [['Иванов', 'ivanov'], ['Смирнова', 'smirnova'], ['Кузнецов', 'kuznetsov'], ['Попова', 'popova'], ['Соколов', 'sokolov']], phoneCc: '+7', phoneDigits: 10, city: ['Tbilisi', 'Almaty'], country: 'KZ', locale: 'ru_RU', timezone: 'Asia/Almaty'},
	{weight: 6, first: n('Aarav', 'Priya', 'Vikram', 'Ananya', 'Rohan', 'Saanvi', 'Arjun', 'Ishaan'), last: n('Sharma', 'Patel', 'Iyer', 'Reddy', 'Nair', 'Gupta', 'Menon', 'Raman'), phoneCc: '+91', phoneDigits: 10, city: ['Bengaluru', 'Pune', 'Hyderabad'], country: 'IN', locale: 'en_IN', timezone: 'Asia/Kolkata'},
	{weight: 5, first: [['陽翔', 'haruto'], ['結衣', 'yui'], ['蓮', 'ren'], ['さくら', 'sakura'], ['大翔', 'hiroto'], ['美咲', 'misaki']], last: [['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['渡辺', 'watanabe']], phoneCc: '+81', phoneDigits: 10, city: ['Tokyo', 'Osaka'], country: 'JP', locale: 'ja_JP', timezone: 'Asia/Tokyo'},
	{weight: 4, first: [['محمد', 'mohammed'], ['فاطمة', 'fatima'], ['أحمد', 'ahmed'], ['ليلى', 'layla']], last: [['العتيبي', 'alotaibi'], ['الحربي', 'alharbi'], ['المصري', 'almasri'], ['حداد', 'haddad']], phoneCc: '+971', phoneDigits: 9, city: ['Dubai', 'Abu Dhabi'], country: 'AE', locale: 'ar_AE', timezone: 'Asia/Dubai'},
	{weight: 5, first: n('Chidi', 'Ngozi', 'Kwame', 'Amara', 'Tunde', 'Zainab', 'Kofi', 'Adaeze'), last: n('Okafor', 'Mensah', 'Adeyemi', 'Nwosu', 'Boateng', 'Eze', 'Owusu', 'Bello'), phoneCc: '+234', phoneDigits: 10, city: ['Lagos', 'Accra', 'Nairobi'], country: 'NG', locale: 'en_NG', timezone: 'Africa/Lagos'},
	{weight: 3, first: n('Siobhán', 'Aoife', 'Niamh', 'Seán', 'Pádraig', 'Róisín'), last: n('Ó Briain', 'Ní Bhriain', 'Mac Giolla', 'Ó Súilleabháin', 'Nic Aodha'), phoneCc: '+353', phoneDigits: 9, city: ['Dublin', 'Galway'], country: 'IE', locale: 'en_IE', timezone: 'Europe/Dublin'},
];

const DEPARTMENTS = ['Engineering', 'SRE', 'Security', 'Sales', 'Marketing', 'Finance', 'People', 'Legal', 'Support', 'Product', 'Design', 'Data'] as const;
const TITLES: Record<(typeof DEPARTMENTS)[number], readonly string[]> = {
	Engineering: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager'],
	SRE: ['Site Reliability Engineer', 'Senior SRE', 'SRE Manager'],
	Security: ['Security Engineer', 'Security Analyst', 'CISO'],
	Sales: ['Account Executive', 'Sales Engineer', 'Regional Sales Director'],
	Marketing: ['Product Marketing Manager', 'Content Strategist', 'Growth Marketer'],
	Finance: ['Accountant', 'Financial Analyst', 'Controller'],
	People: ['HR Business Partner', 'Recruiter', 'People Ops Specialist'],
	Legal: ['Counsel', 'Paralegal'],
	Support: ['Support Engineer', 'Support Team Lead', 'Customer Success Manager'],
	Product: ['Product Manager', 'Senior Product Manager'],
	Design: ['Product Designer', 'UX Researcher'],
	Data: ['Data Engineer', 'Data Scientist', 'Analytics Engineer'],
};

const APPS = [
	{name: 'google', label: 'Google Workspace', links: ['Gmail', 'Google Drive', 'Google Calendar']},
	{name: 'salesforce', label: 'Salesforce.com', links: ['Salesforce.com']},
	{name: 'slack', label: 'Slack', links: ['Slack']},
	{name: 'zoomus', label: 'Zoom', links: ['Zoom']},
	{name: 'github', label: 'GitHub Enterprise Cloud', links: ['GitHub Enterprise Cloud']},
	{name: 'amazon_aws', label: 'AWS Account Federation', links: ['AWS Console (prod)', 'AWS Console (staging)']},
	{name: 'atlassian', label: 'Atlassian Cloud', links: ['Jira', 'Confluence']},
	{name: 'boxnet', label: 'Box', links: ['Box']},
	{name: 'workday', label: 'Workday', links: ['Workday']},
	{name: 'servicenow_app2', label: 'ServiceNow', links: ['ServiceNow']},
	{name: 'pagerduty', label: 'PagerDuty', links: ['PagerDuty']},
	{name: 'datadog', label: 'Datadog', links: ['Datadog']},
	{name: 'zendesk', label: 'Zendesk', links: ['Zendesk']},
	{name: 'office365', label: 'Microsoft Office 365', links: ['Outlook', 'Teams', 'OneDrive']},
] as const;

const CLIENTS = [
	{client_name: 'Okta Triage CLI', client_uri: 'https://triage.example.com'},
	{client_name: 'Expense Portal', client_uri: 'https://expenses.example.com'},
	{client_name: 'Internal Wiki', client_uri: 'https://wiki.example.com'},
	{client_name: 'Mobile App (iOS)', client_uri: 'https://app.example.com'},
	{client_name: 'Mobile App (Android)', client_uri: 'https://app.example.com'},
	{client_name: 'Data Warehouse SSO', client_uri: 'https://dwh.example.com'},
	{client_name: 'Partner API Console', client_uri: 'https://partners.example.com'},
	{client_name: 'Grafana', client_uri: 'https://grafana.example.com'},
] as const;

const SCOPES = ['openid', 'profile', 'email', 'offline_access', 'okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.apps.read', 'okta.logs.read', 'api:read', 'api:write', 'reports:export'];

const STATUS_WEIGHTS: readonly (readonly [UserStatus, number])[] = [
	['ACTIVE', 70],
	['STAGED', 4],
	['PROVISIONED', 5],
	['RECOVERY', 3],
	['LOCKED_OUT', 4],
	['PASSWORD_EXPIRED', 4],
	['SUSPENDED', 4],
	['DEPROVISIONED', 6],
];

const WEBAUTHN_NAMES = ['MacBook Touch ID', 'YubiKey 5C NFC', 'Windows Hello', 'iCloud Keychain', 'Google Password Manager', 'YubiKey 5 NFC', 'Feitian ePass FIDO2', 'Chrome on Mac'];

export interface SeedOptions {
	seed?: number;
	/** Users in total, well-known included (default 2,000). */
	userCount?: number;
	now?: number;
}

function phone(rng: Prng, c: Culture): string {
	return `${c.phoneCc}${rng.int(2, 9)}${rng.string('0123456789', c.phoneDigits - 1)}`;
}

const days = (d: number) => `-${d}d`;

/** The seeded org as a data file (also handy as a starting point for hand-written files). */
export function seedDataFile(opts: SeedOptions = {}): OktaDataFile {
	const rng = new Prng(opts.seed ?? DEFAULT_SEED);
	const userCount = Math.max(opts.userCount ?? DEFAULT_USER_COUNT, Object.keys(WELL_KNOWN).length);

	const groups: NonNullable<OktaDataFile['groups']> = [
		...DEPARTMENTS.map((d) => ({name: d, description: `Everyone in ${d}`})),
		{name: 'SRE On-call', description: 'Pager rotation'},
		{name: 'Contractors', description: 'External contractors (time-boxed access)'},
		{name: 'VPN Users', description: 'Can connect to the corporate VPN'},
		{name: 'MFA Exempt (break-glass)', description: 'Emergency accounts, reviewed quarterly'},
		{name: 'Finance Approvers', description: 'Approve expenses over 5.000 €'},
		{name: 'AWS Prod Admins', description: 'Production AWS administrator access'},
		{name: 'Help Desk', description: 'Tier-1 support staff'},
		{name: 'Beta Testers', description: 'Early access to new features'},
		{name: 'Interns 2026', description: 'Summer internship cohort'},
		{name: 'All Managers', description: 'People managers'},
		...['Domain Users', 'Domain Admins', 'Remote Desktop Users', 'GG-Engineering', 'GG-Finance', 'GG-VPN', 'Print Operators'].map((g) => ({
			name: g,
			type: 'APP_GROUP' as const,
			sourceApp: 'active_directory',
			description: `Imported from corp.example.com`,
			profile: {
				samAccountName: g,
				dn: `CN=${g},OU=Groups,DC=corp,DC=example,DC=com`,
				windowsDomainQualifiedName: `CORP\\${g}`,
				externalId: Buffer.from(`${g}-guid`).toString('base64'),
				groupType: 'Security',
				groupScope: 'Global',
				objectSid: `S-1-5-21-3623811015-3361044348-30300820-${1100 + g.length * 7}`,
			},
		})),
	];
	const apps: NonNullable<OktaDataFile['apps']> = [{name: 'active_directory', label: 'corp.example.com'}, ...APPS.map((a) => ({name: a.name, label: a.label}))];
	const clients: NonNullable<OktaDataFile['clients']> = CLIENTS.map((c) => ({...c}));

	const usedLogins = new Set<string>(Object.values(WELL_KNOWN).map((u) => u.login));
	const users: DataUser[] = [];

	const appLinksFor = (count: number): DataAppLink[] => {
		const links: DataAppLink[] = [];
		for (const a of rng.sample(APPS, count)) for (const label of a.links) links.push({app: a.name, label, ...(rng.chance(0.05) ? {hidden: true} : {}), ...(rng.chance(0.1) ? {credentialsSetup: true} : {})});
		return links;
	};

	// ---------------------------------------------------------------- well-known users
	const W = WELL_KNOWN;
	users.push(
		{id: W.admin.id, login: W.admin.login, firstName: 'Ingrid', lastName: 'Solberg', created: days(1400), profile: {displayName: 'Ingrid Solberg', title: 'IT Director', department: 'Security', mobilePhone: '+4791234567', countryCode: 'NO', locale: 'nb_NO', timezone: 'Europe/Oslo', employeeNumber: '100001'}, recoveryQuestion: 'First concert you went to?', groups: ['Security', 'AWS Prod Admins', 'All Managers'], roles: ['SUPER_ADMIN'], sessions: 1, factors: [{factorType: 'push'}, {factorType: 'token:software:totp'}, {factorType: 'webauthn', vendorName: 'FIDO', profile: {authenticatorName: 'YubiKey 5C NFC'}}], appLinks: appLinksFor(4)},
		{
			id: W.active.id,
			login: W.active.login,
			firstName: 'Aoife',
			lastName: 'Ní Bhriain',
			created: days(900),
			lastLogin: '-2h',
			profile: {displayName: 'Aoife Ní Bhriain', title: 'Support Team Lead', department: 'Support', mobilePhone: '+353861234567', primaryPhone: '+35315551234', city: 'Dublin', countryCode: 'IE', locale: 'en_IE', timezone: 'Europe/Dublin', employeeNumber: '100123', costCenter: 'CC-SUP-01', managerId: W.admin.id},
			recoveryQuestion: 'Name of your first pet?',
			groups: ['Support', 'Help Desk', 'VPN Users', 'GG-VPN'],
			roles: ['HELP_DESK_ADMIN'],
			sessions: 3,
			rememberedDevices: 2,
			factors: [
				{factorType: 'email'},
				{factorType: 'sms', profile: {phoneNumber: '+353861234567'}},
				{factorType: 'call', profile: {phoneNumber: '+35315551234', phoneExtension: null}},
				{factorType: 'push', profile: {name: 'Aoife’s iPhone 15', deviceType: 'SmartPhone_IPhone', platform: 'IOS', version: '17.5.1'}},
				{factorType: 'token:software:totp', provider: 'OKTA', secret: ACTIVE_USER_TOTP_SECRET},
				{factorType: 'token:software:totp', provider: 'GOOGLE'},
				{factorType: 'webauthn', profile: {authenticatorName: 'MacBook Touch ID'}},
				{factorType: 'webauthn', profile: {authenticatorName: 'YubiKey 5C NFC'}},
				{factorType: 'question', profile: {question: 'favorite_movie_quote', questionText: 'What is your favorite movie quote?'}},
			],
			appLinks: [{app: 'google', label: 'Gmail'}, {app: 'google', label: 'Google Drive'}, {app: 'zendesk'}, {app: 'slack'}, {app: 'pagerduty', hidden: true}],
			grants: [{client: 'Okta Triage CLI', scopeId: 'okta.users.read'}, {client: 'Okta Triage CLI', scopeId: 'okta.users.manage', source: 'ADMIN'}],
			refreshTokens: [{client: 'Okta Triage CLI', scopes: ['openid', 'offline_access', 'okta.users.read']}],
		},
		{
			id: W.allFactors.id,
			login: W.allFactors.login,
			firstName: 'Björn',
			lastName: 'Þórsson',
			created: days(700),
			// Older than his sign-in in the trail yesterday: the diagnosis notes that the two disagree.
			lastLogin: days(9),
			profile: {displayName: 'Björn Þórsson', title: 'Security Engineer', department: 'Security', countryCode: 'IS', locale: 'is_IS', timezone: 'Atlantic/Reykjavik'},
			groups: ['Security'],
			factors: [
				{factorType: 'email'},
				{factorType: 'sms', profile: {phoneNumber: '+3545551234'}},
				{factorType: 'sms', status: 'PENDING_ACTIVATION', profile: {phoneNumber: '+3545559876'}, provider: 'OKTA', id: 'mblPendingSmsBjorn01'},
				{factorType: 'call', profile: {phoneNumber: '+3545551234', phoneExtension: '42'}},
				{factorType: 'push'},
				{factorType: 'token:software:totp'},
				{factorType: 'token:software:totp', provider: 'GOOGLE'},
				{factorType: 'webauthn', profile: {authenticatorName: 'Windows Hello'}},
				{factorType: 'u2f', profile: {credentialId: 'fidoU2fCredentialBjorn'}},
				{factorType: 'question', profile: {question: 'first_computer_game', questionText: 'What was the first computer game you played?'}},
				{factorType: 'signed_nonce', vendorName: 'OKTA'},
				{factorType: 'token:hardware', vendorName: 'YUBICO', profile: {credentialId: '000007447128'}},
				{factorType: 'token', provider: 'RSA', vendorName: 'RSA', profile: {credentialId: 'bjorn.thorsson'}},
				{factorType: 'token:hotp', provider: 'CUSTOM', vendorName: 'Entrust Datacard'},
				{factorType: 'web', provider: 'DUO', vendorName: 'DUO', profile: {credentialId: W.allFactors.login}},
				{factorType: 'claims_provider', provider: 'CUSTOM', vendorName: 'Microsoft Entra ID', profile: {issuer: 'https://login.microsoftonline.com/7e2f/v2.0', subject: 'bjorn.thorsson'}},
			],
		},
		{id: W.lockedOut.id, login: W.lockedOut.login, firstName: 'Zoë', lastName: 'Ångström', status: 'LOCKED_OUT', statusChanged: '-40m', created: days(500), profile: {department: 'Engineering', title: 'Software Engineer', countryCode: 'SE', locale: 'sv_SE'}, groups: ['Engineering'], factors: [{factorType: 'push'}, {factorType: 'token:software:totp'}, {factorType: 'email'}], sessions: 0, appLinks: appLinksFor(3)},
		{id: W.adLockedOut.id, login: W.adLockedOut.login, email: 'dmitri.volkov@example.com', firstName: 'Dmitri', lastName: 'Volkov', status: 'LOCKED_OUT', statusChanged: '-3h', created: days(1100), provider: {type: 'ACTIVE_DIRECTORY', name: 'corp.example.com'}, profile: {department: 'Finance', title: 'Controller', employeeNumber: '200777'}, groups: ['Finance', 'GG-Finance', 'Domain Users'], factors: [{factorType: 'sms', profile: {phoneNumber: '+12025550143'}}]},
		{id: W.suspended.id, login: W.suspended.login, firstName: 'Mateus', lastName: 'Gonçalves', status: 'SUSPENDED', statusChanged: '-5d', created: days(650), profile: {department: 'Sales', title: 'Account Executive', countryCode: 'PT', locale: 'pt_PT', city: 'Lisboa'}, groups: ['Sales'], factors: [{factorType: 'push'}, {factorType: 'email'}], appLinks: [{app: 'salesforce'}, {app: 'slack'}]},
		{id: W.deprovisioned.id, login: W.deprovisioned.login, firstName: 'Siobhán', lastName: "O'Connor", status: 'DEPROVISIONED', statusChanged: '-60d', created: days(1000), profile: {department: 'Marketing', title: 'Content Strategist', countryCode: 'IE'}, groups: ['Marketing'], factors: [{factorType: 'sms', profile: {phoneNumber: '+353871112233'}}, {factorType: 'email'}], grants: [{client: 'Internal Wiki', scopeId: 'openid'}]},
		{id: W.staged.id, login: W.staged.login, firstName: 'Lan', lastName: 'Nguyễn Thị', status: 'STAGED', created: '-2d', profile: {displayName: 'Nguyễn Thị Lan', department: 'Data', title: 'Data Engineer', countryCode: 'VN', locale: 'vi_VN'}},
		{id: W.provisioned.id, login: W.provisioned.login, firstName: 'Øystein', lastName: 'Kvalheim', status: 'PROVISIONED', created: '-6d', activated: '-6d', statusChanged: '-6d', profile: {department: 'Engineering', countryCode: 'NO'}, groups: ['Engineering', 'Interns 2026']},
		{id: W.passwordExpired.id, login: W.passwordExpired.login, firstName: 'Łucja', lastName: 'Wiśniewska', status: 'PASSWORD_EXPIRED', statusChanged: '-1d', created: days(800), profile: {department: 'People', title: 'Recruiter', countryCode: 'PL', locale: 'pl_PL'}, groups: ['People'], factors: [{factorType: 'email'}, {factorType: 'webauthn', profile: {authenticatorName: 'Windows Hello'}}], sessions: 1},
		{id: W.recovery.id, login: W.recovery.login, firstName: 'José', lastName: 'Álvarez', status: 'RECOVERY', statusChanged: '-7h', created: days(300), profile: {department: 'Support', countryCode: 'ES', locale: 'es_ES'}, groups: ['Support'], factors: [{factorType: 'sms', profile: {phoneNumber: '+34612345678'}}]},
		{id: W.slashLogin.id, login: W.slashLogin.login, email: 'priya.raman@example.com', firstName: 'Priya', lastName: 'Raman', created: days(420), profile: {department: 'SRE', title: 'Site Reliability Engineer', countryCode: 'IN', locale: 'en_IN'}, groups: ['SRE', 'SRE On-call'], factors: [{factorType: 'push'}, {factorType: 'token:software:totp'}], sessions: 2, appLinks: [{app: 'pagerduty'}, {app: 'datadog'}, {app: 'amazon_aws', label: 'AWS Console (prod)'}]},
		{
			id: W.manyGrants.id,
			login: W.manyGrants.login,
			firstName: '静',
			lastName: '陈',
			created: days(1200),
			profile: {displayName: '陈静 (Chen Jing)', department: 'Data', title: 'Analytics Engineer', countryCode: 'CN', locale: 'zh_CN', timezone: 'Asia/Shanghai'},
			groups: ['Data', 'Beta Testers'],
			factors: [{factorType: 'push'}, {factorType: 'email'}],
			sessions: 4,
			grants: CLIENTS.slice(0, 6).map((c, i): DataGrant => ({client: c.client_name, scopeId: SCOPES[i % SCOPES.length] as string, repeat: MANY_GRANTS_COUNT / 6, ...(i % 3 === 2 ? {source: 'ADMIN' as const} : {})})),
			refreshTokens: CLIENTS.slice(0, 6).map((c): DataRefreshToken => ({client: c.client_name, repeat: MANY_TOKENS_COUNT / 6})),
			appLinks: appLinksFor(5),
		},
		{id: W.activating.id, login: W.activating.login, firstName: 'Tomás', lastName: 'Ruiz', status: 'PROVISIONED', transitioningToStatus: 'ACTIVE', created: '-10m', activated: '-9m', statusChanged: '-9m', profile: {department: 'Sales', countryCode: 'AR', locale: 'es_AR'}},
		{id: W.blocked.id, login: W.blocked.login, firstName: '花', lastName: '小林', created: days(240), blocks: [{appliesTo: 'UNKNOWN_DEVICES'}], profile: {displayName: '小林花 (Hana Kobayashi)', department: 'Design', countryCode: 'JP', locale: 'ja_JP'}, groups: ['Design'], factors: [{factorType: 'push'}, {factorType: 'webauthn', profile: {authenticatorName: 'iCloud Keychain'}}], sessions: 1},
		{id: W.noFactors.id, login: W.noFactors.login, firstName: 'Liam', lastName: 'Walsh', created: days(30), profile: {department: 'Marketing', title: 'Growth Marketer', countryCode: 'US'}, groups: ['Marketing'], appLinks: [{app: 'google', label: 'Gmail'}, {app: 'slack'}]},
	);

	users.push(
		{id: W.pushBombed.id, login: W.pushBombed.login, firstName: 'Marta', lastName: 'Lindqvist', created: days(610), profile: {displayName: 'Marta Lindqvist', title: 'Staff Engineer', department: 'Engineering', city: 'Stockholm', countryCode: 'SE', locale: 'sv_SE', timezone: 'Europe/Stockholm'}, groups: ['Engineering', 'VPN Users'], factors: [{factorType: 'push', profile: {name: 'Marta’s iPhone', deviceType: 'SmartPhone_IPhone', platform: 'IOS', version: '17.5.1'}}, {factorType: 'token:software:totp'}], sessions: 1, appLinks: [{app: 'github'}, {app: 'slack'}, {app: 'atlassian', label: 'Jira'}]},
		{id: W.policyDenied.id, login: W.policyDenied.login, firstName: 'Rafael', lastName: 'Moreno', created: days(45), profile: {displayName: 'Rafael Moreno', title: 'Contract Developer', department: 'Engineering', city: 'Madrid', countryCode: 'ES', locale: 'es_ES', timezone: 'Europe/Madrid', userType: 'Contractor'}, groups: ['Contractors', 'Engineering'], factors: [{factorType: 'push'}, {factorType: 'email'}], appLinks: [{app: 'github'}, {app: 'slack'}]},
		{id: W.notAssigned.id, login: W.notAssigned.login, firstName: 'Amara', lastName: 'Eze', created: days(120), profile: {displayName: 'Amara Eze', title: 'Account Executive', department: 'Sales', city: 'Lagos', countryCode: 'NG', locale: 'en_NG', timezone: 'Africa/Lagos'}, groups: ['Sales'], factors: [{factorType: 'push'}, {factorType: 'sms', profile: {phoneNumber: '+2348031234567'}}], sessions: 1, appLinks: [{app: 'google', label: 'Gmail'}, {app: 'slack'}, {app: 'zoomus'}]},
		{id: W.nearLockout.id, login: W.nearLockout.login, firstName: 'Noah', lastName: 'Fischer', created: days(200), profile: {displayName: 'Noah Fischer', title: 'Support Engineer', department: 'Support', city: 'Berlin', countryCode: 'DE', locale: 'de_DE', timezone: 'Europe/Berlin'}, groups: ['Support'], factors: [{factorType: 'push'}], sessions: 1, appLinks: [{app: 'slack'}]},
		{id: W.threatBlocked.id, login: W.threatBlocked.login, firstName: 'Yusuf', lastName: 'Demir', created: days(380), profile: {displayName: 'Yusuf Demir', title: 'Financial Analyst', department: 'Finance', city: 'Istanbul', countryCode: 'TR', locale: 'tr_TR', timezone: 'Europe/Istanbul'}, groups: ['Finance'], factors: [{factorType: 'push'}, {factorType: 'webauthn', profile: {authenticatorName: 'Windows Hello'}}], sessions: 1, appLinks: [{app: 'workday'}, {app: 'office365', label: 'Outlook'}]},
		{
			id: W.takeover.id,
			login: W.takeover.login,
			email: TAKEOVER_EMAIL,
			firstName: 'Sofia',
			lastName: 'Marchetti',
			created: days(720),
			lastUpdated: '-165m',
			profile: {displayName: 'Sofia Marchetti', title: 'Controller', department: 'Finance', city: 'Madrid', countryCode: 'ES', locale: 'it_IT', timezone: 'Europe/Madrid'},
			groups: ['Finance', 'Finance Approvers'],
			factors: [
				{factorType: 'sms', profile: {phoneNumber: '+34612998877'}, created: days(700)},
				{factorType: 'email', created: days(700)},
				{id: TAKEOVER_FACTOR_ID, factorType: 'push', created: '-170m', profile: {name: 'Galaxy S21', deviceType: 'SmartPhone_Android', platform: 'ANDROID', version: '13'}},
			],
			sessions: 2,
			appLinks: [{app: 'workday'}, {app: 'salesforce'}, {app: 'office365', label: 'Outlook'}],
		},
	);

	// ---------------------------------------------------------------- generated users
	const cultureWeights = CULTURES.map((c) => [c, c.weight] as const);
	// googleFederated joins after the generated users (see below).
	while (users.length < userCount - 1) {
		const c = rng.weighted(cultureWeights);
		const [first, firstAscii] = rng.pick(c.first);
		const [last, lastAscii] = rng.pick(c.last);
		const lastFolded = asciiFold(lastAscii.replace(/\s+/g, ''));
		let local = `${firstAscii}.${lastFolded}`;
		const domain = rng.chance(0.06) ? 'contractor.example.net' : 'example.com';
		let login = `${local}@${domain}`;
		for (let k = 2; usedLogins.has(login); k++) login = `${local}${k}@${domain}`;
		usedLogins.add(login);
		local = login.slice(0, login.indexOf('@'));
		const status = rng.weighted(STATUS_WEIGHTS);
		const dept = rng.pick(DEPARTMENTS);
		const providerRoll = rng.next();
		const provider: DataUser['provider'] =
			providerRoll < 0.08 ? {type: 'ACTIVE_DIRECTORY', name: 'corp.example.com'} : providerRoll < 0.09 ? {type: 'LDAP', name: 'ldap.example.com'} : providerRoll < 0.11 ? {type: 'FEDERATION', name: 'FEDERATION'} : providerRoll < 0.12 ? {type: 'SOCIAL', name: 'SOCIAL'} : providerRoll < 0.14 ? {type: 'IMPORT', name: 'IMPORT'} : undefined;
		const mobile = phone(rng, c);
		const created = rng.int(20, 1800);
		const profile: Record<string, unknown> = {
			displayName: `${first} ${last}`,
			title: rng.pick(TITLES[dept]),
			department: dept,
			mobilePhone: mobile,
			city: rng.pick(c.city),
			countryCode: c.country,
			locale: c.locale,
			timezone: c.timezone,
			employeeNumber: String(100_000 + users.length * 7 + rng.int(0, 6)),
			costCenter: `CC-${dept.slice(0, 3).toUpperCase()}-${String(rng.int(1, 9)).padStart(2, '0')}`,
			organization: 'Example Corp',
		};
		if (rng.chance(0.15)) profile['secondEmail'] = `${local}@personal.example.org`;
		if (rng.chance(0.3)) profile['preferredLanguage'] = c.locale.slice(0, 2);
		if (rng.chance(0.1)) profile['nickName'] = first;
		const ever = status !== 'STAGED' && status !== 'PROVISIONED';
		const factors: DataFactor[] = [];
		if (ever) {
			if (rng.chance(0.6)) factors.push({factorType: 'email'});
			if (rng.chance(0.35)) factors.push({factorType: 'sms', profile: {phoneNumber: mobile}, ...(rng.chance(0.05) ? {status: 'PENDING_ACTIVATION'} : {})});
			if (rng.chance(0.08)) factors.push({factorType: 'call', profile: {phoneNumber: mobile, phoneExtension: null}});
			if (rng.chance(0.45)) {
				factors.push({factorType: 'push', profile: rng.chance(0.6) ? {name: `${first}’s iPhone`, deviceType: 'SmartPhone_IPhone', platform: 'IOS', version: rng.pick(['16.7.8', '17.5.1', '18.0'])} : {name: 'Pixel 8', deviceType: 'SmartPhone_Android', platform: 'ANDROID', version: rng.pick(['13', '14', '15'])}});
				if (rng.chance(0.9)) factors.push({factorType: 'token:software:totp'});
				if (rng.chance(0.3)) factors.push({factorType: 'signed_nonce'});
			}
			if (rng.chance(0.15)) factors.push({factorType: 'token:software:totp', provider: 'GOOGLE'});
			if (rng.chance(0.25)) for (const name of rng.sample(WEBAUTHN_NAMES, rng.int(1, 2))) factors.push({factorType: 'webauthn', profile: {authenticatorName: name}});
			if (rng.chance(0.2)) factors.push({factorType: 'question', profile: {question: 'disliked_food', questionText: 'What is the food you least liked as a child?'}});
			if (rng.chance(0.02)) factors.push({factorType: 'u2f'});
			if (rng.chance(0.02)) factors.push({factorType: 'token:hardware'});
			if (rng.chance(0.01)) factors.push({factorType: 'token'});
			if (rng.chance(0.02)) factors.push({factorType: 'web'});
			if (rng.chance(0.01)) factors.push({factorType: 'token:hotp', vendorName: 'Entrust Datacard'});
			if (rng.chance(0.01)) factors.push({factorType: 'claims_provider', provider: 'CUSTOM', vendorName: 'Microsoft Entra ID'});
		}
		const extraGroups = rng.sample(groups.filter((g) => g.name !== dept).map((g) => g.name), rng.weighted([[0, 3], [1, 4], [2, 2], [3, 1]] as const));
		const roles = rng.chance(0.02) ? [rng.pick(['ORG_ADMIN', 'APP_ADMIN', 'USER_ADMIN', 'HELP_DESK_ADMIN', 'READ_ONLY_ADMIN', 'REPORT_ADMIN', 'GROUP_MEMBERSHIP_ADMIN', 'API_ACCESS_MANAGEMENT_ADMIN', 'CUSTOM'])] : [];
		const user: DataUser = {
			login,
			firstName: first,
			lastName: last,
			status,
			created: days(created),
			profile,
			groups: [dept, ...extraGroups],
		};
		if (provider) user.provider = provider;
		if (provider?.type === 'ACTIVE_DIRECTORY') user.groups = [...(user.groups ?? []), 'Domain Users'];
		if (status === 'LOCKED_OUT') user.statusChanged = `-${rng.int(1, 600)}m`;
		if (status === 'ACTIVE' && rng.chance(0.01)) user.blocks = [{appliesTo: rng.pick(['UNKNOWN_DEVICES', 'ANY_DEVICES'] as const)}];
		if (rng.chance(0.3)) user.recoveryQuestion = 'What is the food you least liked as a child?';
		if (factors.length) user.factors = factors;
		if (roles.length) user.roles = roles;
		if (status !== 'DEPROVISIONED' && ever) {
			const links = appLinksFor(rng.int(1, 5));
			if (links.length) user.appLinks = links;
			user.sessions = rng.weighted([[0, 4], [1, 4], [2, 2], [3, 1]] as const);
			user.rememberedDevices = rng.int(0, 2);
		}
		if (ever && rng.chance(0.08)) user.grants = Array.from({length: rng.int(1, 4)}, () => ({client: rng.pick(CLIENTS).client_name, scopeId: rng.pick(SCOPES)}));
		if (ever && status !== 'DEPROVISIONED' && rng.chance(0.06)) user.refreshTokens = Array.from({length: rng.int(1, 3)}, () => ({client: rng.pick(CLIENTS).client_name}));
		users.push(user);
	}
	// Added last, so the seeded users and trails before it stay as they were.
	users.push(
		{
			id: W.googleFederated.id,
			login: W.googleFederated.login,
			firstName: 'Kwame',
			lastName: 'Mensah',
			created: days(240),
			lastLogin: '-1d',
			provider: {type: 'SOCIAL', name: 'SOCIAL'},
			idps: ['Google Workspace'],
			profile: {title: 'Product Designer', department: 'Design', countryCode: 'NG', userType: 'Contractor', mobilePhone: '+2348039876543'},
			groups: ['Design'],
			factors: [{factorType: 'push'}],
			sessions: 1,
			appLinks: [{app: 'slack'}],
		}
	);
	const events = seedEvents(users, opts.seed ?? DEFAULT_SEED);
	olderLastLogins(users, events, opts.seed ?? DEFAULT_SEED);
	const idps: NonNullable<OktaDataFile['idps']> = [
		{id: GOOGLE_IDP_ID, name: 'Google Workspace', type: 'GOOGLE', protocol: 'OIDC', created: days(900)},
		{name: 'Partner SAML (Acme Consulting)', type: 'SAML2', created: days(600)},
	];
	return {tokenOwner: WELL_KNOWN.admin.id, groups, idps, apps, clients, users, events};
}

// ------------------------------------------------------------------ System Log trails

/** Where a user of each country signs in from (events.ts PLACES). */
const HOME_PLACES: Record<string, readonly string[]> = {
	US: ['New York', 'San Francisco', 'Austin'],
	PL: ['Warsaw'],
	DK: ['Copenhagen'],
	ES: ['Madrid', 'Lisbon'],
	PT: ['Lisbon'],
	VN: ['Hanoi'],
	CN: ['Shanghai'],
	TR: ['Istanbul'],
	DE: ['Berlin'],
	KZ: ['Almaty'],
	IN: ['Bengaluru'],
	JP: ['Tokyo'],
	AE: ['Dubai'],
	NG: ['Lagos'],
	IE: ['Dublin'],
	SE: ['Stockholm'],
	NO: ['Oslo'],
	IS: ['Oslo'],
	AR: ['São Paulo'],
};

const ago = (seconds: number) => `-${Math.round(seconds)}s`;
const MIN = 60;
const HOUR = 3_600;
const DAY = 86_400;

/** One sign-in with what follows it: MFA when the user has Okta Verify, then SSO to some of their apps. */
function signIn(rng: Prng, out: DataEvent[], user: DataUser, at: number, client: DataEvent['client'], opts: {wrongPasswordFirst?: boolean; behaviors?: string[]; risk?: 'LOW' | 'MEDIUM' | 'HIGH'; sso?: number} = {}): void {
	const sessionId = `idx${rng.string('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 23)}`;
	const base = {user: user.login, client, auth: {sessionId}};
	if (opts.wrongPasswordFirst) out.push({...base, eventType: 'user.session.start', published: ago(at + rng.int(30, 120)), outcome: {result: 'FAILURE', reason: 'INVALID_CREDENTIALS'}});
	out.push({...base, eventType: 'user.session.start', published: ago(at), ...(opts.behaviors ? {behaviors: opts.behaviors} : {}), ...(opts.risk ? {risk: opts.risk} : {})});
	if (user.factors?.some((f) => f.factorType === 'push')) {
		out.push({...base, eventType: 'user.authentication.auth_via_mfa', published: ago(at - 8), auth: {sessionId, credentialProvider: 'OKTA_CREDENTIAL_PROVIDER', credentialType: 'OTP'}, debugData: {factor: 'OKTA_VERIFY_PUSH', factorIntent: 'AUTHENTICATION'}});
	}
	const apps = [...new Set((user.appLinks ?? []).map((l) => l.app))];
	for (const app of rng.sample(apps, Math.min(apps.length, opts.sso ?? rng.int(0, 2)))) {
		const after = rng.int(20, Math.max(21, Math.min(at - 1, 40 * MIN)));
		if (at - after > 0) out.push({...base, eventType: 'user.authentication.sso', published: ago(at - after), app});
	}
}

const place = (city: string, userAgent: UserAgentName, ip?: string): NonNullable<DataEvent['client']> => ({city, userAgent, ...(ip ? {ip} : {})});

/** The seeded trails: ordinary noise for ACTIVE users and the stories of the well-known ones (see the top). */
function seedEvents(users: readonly DataUser[], seed: number): DataEvent[] {
	const rng = new Prng(seed ^ 0x5e55);
	const W = WELL_KNOWN;
	const byLogin = new Map(users.map((u) => [u.login, u]));
	const u = (w: WellKnownUser) => byLogin.get(w.login) as DataUser;
	const special = new Set<string>([W.lockedOut, W.adLockedOut, W.suspended, W.deprovisioned, W.pushBombed, W.policyDenied, W.notAssigned, W.threatBlocked, W.takeover, W.nearLockout, W.active, W.googleFederated].map((w) => w.login));
	const agents: UserAgentName[] = ['chromeMac', 'safariIphone', 'firefoxWindows', 'edgeWindows', 'chromeAndroid'];
	const out: DataEvent[] = [];

	// Ordinary users: one or two sign-ins in the last week, now and then a wrong password first.
	for (const user of users) {
		if ((user.status ?? 'ACTIVE') !== 'ACTIVE' || special.has(user.login) || user.transitioningToStatus) continue;
		// Most of them signed in this week (the others' lastLogin is older: olderLastLogins).
		if (!rng.chance(0.75)) continue;
		const country = String(user.profile?.['countryCode'] ?? 'US');
		const home = rng.pick(HOME_PLACES[country] ?? (HOME_PLACES['US'] as readonly string[]));
		const client = place(home, rng.pick(agents));
		const times = Array.from({length: rng.int(1, 2)}, () => rng.int(10 * MIN, 7 * DAY - HOUR)).sort((a, b) => b - a);
		for (const at of times) signIn(rng, out, user, at, client, {wrongPasswordFirst: rng.chance(0.12)});
	}

	// Aoife: her last sign-in two hours ago (lastLogin -2h), and yesterday's.
	const dublin = place('Dublin', 'chromeMac');
	signIn(rng, out, u(W.active), DAY + 3 * HOUR, dublin, {sso: 2});
	signIn(rng, out, u(W.active), 2 * HOUR, dublin, {sso: 2});

	// Zoë: five wrong passwords a minute apart, the lock when her status changed, one more try on the locked account.
	const stockholm = place('Stockholm', 'chromeMac');
	signIn(rng, out, u(W.lockedOut), 2 * DAY + 5 * HOUR, stockholm, {sso: 1});
	out.push({eventType: 'user.session.start', user: W.lockedOut.login, client: stockholm, published: ago(45 * MIN), repeat: 5, every: '60s', outcome: {result: 'FAILURE', reason: 'INVALID_CREDENTIALS'}});
	out.push({eventType: 'user.account.lock', user: W.lockedOut.login, client: stockholm, published: ago(40 * MIN), outcome: {result: 'FAILURE', reason: 'LOCKED_OUT'}, debugData: {requestUri: '/idp/idx/identify'}});
	out.push({eventType: 'user.session.start', user: W.lockedOut.login, client: stockholm, published: ago(31 * MIN), outcome: {result: 'FAILURE', reason: 'LOCKED_OUT'}});

	// Dmitri: the same against Active Directory.
	const ny = place('New York', 'edgeWindows');
	const ad = {provider: 'ACTIVE_DIRECTORY'};
	out.push({eventType: 'user.session.start', user: W.adLockedOut.login, client: ny, auth: ad, published: ago(3 * HOUR + 6 * MIN), repeat: 5, every: '60s', outcome: {result: 'FAILURE', reason: 'INVALID_CREDENTIALS'}});
	out.push({eventType: 'user.account.lock', user: W.adLockedOut.login, client: ny, auth: ad, published: ago(3 * HOUR), outcome: {result: 'FAILURE', reason: 'LOCKED_OUT'}});

	// Mateus and Siobhán: what the admin did, when their status changed.
	const admin = place('Oslo', 'chromeMac');
	out.push({eventType: 'user.lifecycle.suspend', user: W.suspended.login, client: admin, published: ago(5 * DAY)});
	out.push({eventType: 'user.lifecycle.deactivate', user: W.deprovisioned.login, client: admin, published: ago(60 * DAY)});

	// Marta: her own sign-in yesterday; then eight pushes from São Paulo, 45 s apart, each denied on her phone.
	signIn(rng, out, u(W.pushBombed), DAY + 2 * HOUR, place('Stockholm', 'safariIphone'), {sso: 1});
	const saoPaulo = place('São Paulo', 'chromeLinux');
	const bomb = {user: W.pushBombed.login, client: saoPaulo, behaviors: ['New Geo-Location', 'New Device', 'New IP', 'New State', 'New Country', 'New City'], risk: 'HIGH' as const, repeat: 8, every: '45s', auth: {sessionId: 'idxPushB0mbS40Paul0Attack'}};
	out.push({...bomb, eventType: 'system.push.send_factor_verify_push', published: ago(25 * MIN), debugData: {factor: 'OKTA_VERIFY_PUSH', pushOnlyResponseType: 'DENY'}});
	out.push({...bomb, eventType: 'user.mfa.okta_verify.deny_push', published: ago(25 * MIN - 12), outcome: {result: 'FAILURE', reason: 'User rejected Okta Verify push'}, debugData: {factor: 'OKTA_VERIFY_PUSH'}});

	// Rafael: four sign-ins from an unmanaged laptop, each denied by a rule of the contractors' sign-on policy.
	const madridLinux = place('Madrid', 'chromeLinux');
	const policyTargets = [
		{type: 'PolicyEntity', id: '00pC0ntract0rsMngd01', alternateId: 'unknown', displayName: 'Contractors – managed devices only', detailEntry: {policyType: 'OKTA_SIGN_ON'}},
		{type: 'PolicyRule', id: '0prBl0ckUnmanagedDv1', alternateId: 'unknown', displayName: 'Block unmanaged devices', detailEntry: {policyRuleFactorMode: '2FA'}},
	];
	out.push({eventType: 'policy.evaluate_sign_on', user: W.policyDenied.login, client: madridLinux, published: ago(50 * MIN), repeat: 4, every: '3m', outcome: {result: 'DENY', reason: 'Sign-on policy evaluation resulted in DENY'}, targets: policyTargets, debugData: {behaviors: '{New Device=POSITIVE}'}});
	out.push({eventType: 'user.session.start', user: W.policyDenied.login, client: madridLinux, published: ago(50 * MIN - 2), repeat: 4, every: '3m', outcome: {result: 'FAILURE', reason: 'Sign-on policy evaluation resulted in DENY'}});

	// Amara: signed in fine, then tries Salesforce (not assigned to her) four times.
	const lagos = place('Lagos', 'chromeMac');
	signIn(rng, out, u(W.notAssigned), 35 * MIN, lagos, {sso: 1});
	out.push({eventType: 'app.generic.unauth_app_access_attempt', user: W.notAssigned.login, client: lagos, app: 'salesforce', published: ago(33 * MIN), repeat: 4, every: '2m', outcome: {result: 'FAILURE', reason: 'User is not assigned to this app'}});

	// Yusuf: his own sign-in yesterday; a password spray from a DigitalOcean proxy, blocked by ThreatInsight.
	signIn(rng, out, u(W.threatBlocked), DAY + 5 * HOUR, place('Istanbul', 'edgeWindows'), {sso: 1});
	out.push({
		eventType: 'security.threat.detected',
		user: W.threatBlocked.login,
		client: place('Frankfurt', 'pythonRequests'),
		published: ago(15 * MIN),
		repeat: 12,
		every: '20s',
		outcome: {result: 'DENY', reason: 'Password Spray'},
		threatSuspected: true,
		behaviors: ['New Geo-Location', 'New Device', 'New IP', 'New Country', 'Velocity'],
		risk: 'HIGH',
		debugData: {threatDetections: '{"Password Spray":"HIGH"}', threatSuspectedReason: 'ThreatInsight: many failed sign-ins across users from this IP'},
	});

	// Noah: signed in yesterday; four wrong passwords in the last quarter hour, 4 minutes apart, none right since.
	const berlin = place('Berlin', 'firefoxWindows');
	signIn(rng, out, u(W.nearLockout), DAY + 3 * HOUR, berlin, {sso: 1});
	out.push({eventType: 'user.session.start', user: W.nearLockout.login, client: berlin, published: ago(14 * MIN), repeat: 4, every: '4m', outcome: {result: 'FAILURE', reason: 'INVALID_CREDENTIALS'}});

	// Sofia: her usual sign-ins from Madrid; then Bucharest on a new device, a new Okta Verify, her email changed.
	const madrid = place('Madrid', 'chromeMac');
	for (const at of [6 * DAY, 3 * DAY + 2 * HOUR, DAY + 4 * HOUR]) signIn(rng, out, u(W.takeover), at, madrid, {sso: 1});
	const bucharest = place('Bucharest', 'edgeWindows', '198.51.100.74');
	const takeover = {user: W.takeover.login, client: bucharest, auth: {sessionId: 'idxTak30verBuch4restSess'}};
	out.push({...takeover, eventType: 'user.session.start', published: ago(3 * HOUR), behaviors: ['New Geo-Location', 'New Device', 'New IP', 'New State', 'New Country', 'New City'], risk: 'HIGH'});
	out.push({...takeover, eventType: 'user.mfa.factor.activate', published: ago(170 * MIN), targets: [{type: 'AuthenticatorEnrollment', id: TAKEOVER_FACTOR_ID, displayName: 'Okta Verify', detailEntry: {methodTypeUsed: 'push', factorProvider: 'OKTA'}}]});
	out.push({
		...takeover,
		eventType: 'user.account.update_profile',
		published: ago(165 * MIN),
		targets: [{type: 'User', id: W.takeover.id, alternateId: W.takeover.login, displayName: 'Sofia Marchetti', changeDetails: {from: {email: W.takeover.login}, to: {email: TAKEOVER_EMAIL}}}],
	});

	// Ingrid (the token's owner): her own sign-in this morning, from Oslo.
	signIn(rng, out, u(W.admin), 5 * HOUR, admin, {sso: 1});
	// Björn: signed in yesterday, though his lastLogin says nine days ago.
	signIn(rng, out, u(W.allFactors), 20 * HOUR, place('Oslo', 'firefoxWindows'), {sso: 1});
	// Kwame signs in through Google: no Okta password to get wrong.
	signIn(rng, out, u(W.googleFederated), DAY, place('Lagos', 'chromeMac'), {sso: 1});
	return out;
}

/**
 * A user without a sign-in in the seeded week signed in before it: their lastLogin falls 8 to 29 days back (after
 * they were created), as in a real org, where every lastLogin in the window has its user.session.start.
 */
function olderLastLogins(users: DataUser[], events: readonly DataEvent[], seed: number): void {
	const rng = new Prng(seed ^ 0x1a57);
	const signedIn = new Set(events.filter((e) => e.eventType === 'user.session.start' && !e.outcome).map((e) => e.user));
	for (const user of users) {
		const status = user.status ?? 'ACTIVE';
		if (user.lastLogin !== undefined || signedIn.has(user.login) || status === 'STAGED' || status === 'PROVISIONED') continue;
		const age = Number(/^-(\d+)d$/.exec(user.created ?? '')?.[1] ?? 30);
		user.lastLogin = days(Math.min(rng.int(8, 29), Math.max(8, age - 1)));
	}
}

/** The seeded store (seed 1 and 2,000 users by default). */
export function seedStore(opts: SeedOptions = {}): OktaStore {
	return loadSeededStore(seedDataFile(opts), opts);
}

/** The store from seedDataFile's file (the second half of seedStore, so the demo can seed in two turns). */
export function loadSeededStore(data: OktaDataFile, opts: SeedOptions = {}): OktaStore {
	return loadOktaDataFile(data, {seed: opts.seed ?? DEFAULT_SEED, ownSeed: true, ...(opts.now !== undefined ? {now: opts.now} : {})});
}
