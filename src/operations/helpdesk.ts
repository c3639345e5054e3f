/**
 * Help-desk records (spread into OPERATIONS in catalogue.ts): taking an admin role away from a (possibly hijacked)
 * admin.
 */
import type {Membership} from '../api/types.js';
import type {Operation} from './types.js';

type HelpdeskOp = 'roles.unassign';

/** "Super Administrator (SUPER_ADMIN)": a role named by its label and, where they differ, its type. */
const roleWord = (role: Membership): string => {
	const type = role.roles[0];
	return type && type !== role.name ? `${role.name} (${type})` : role.name;
};

export const HELPDESK_OPERATIONS: {readonly [K in HelpdeskOp]: Operation<K>} = {
	'roles.unassign': {
		id: 'roles.unassign',
		capability: 'roles.unassign',
		target: 'membership',
		noTarget: 'select an admin role row on Memberships',
		prepare: ({user, target, data}) => {
			if (target.kind !== 'admin_role') return `${target.name} is a ${target.kind === 'app' ? 'app assignment' : target.kind}, not an admin role: select an admin role row`;
			if (target.roles.length === 0) return target.description ?? 'this row is not a role assignment';
			if (target.assignmentType === 'GROUP') {
				return {refused: `${roleWord(target)} comes to ${user.name} through a group`, hint: 'remove them from that group, or the role from the group, in Okta (Security > Administrators)'};
			}
			const others = (data.memberships ?? []).filter((m) => m.kind === 'admin_role' && m.id !== target.id && m.roles.length > 0);
			return [{user, role: target, otherRoles: others.map(roleWord)}];
		},
		// An admin role is the widest thing a user holds: the login is typed, always.
		danger: () => 'wide',
		title: ({role}) => `Remove the admin role ${roleWord(role)}`,
		effect: ({otherRoles}) =>
			[
				'The user loses what this role allowed at once: the Admin Console and admin API calls under it stop working, and so do API tokens they created, as far as this role carried them.',
				otherRoles.length > 0 ? `Their other admin roles stay: ${otherRoles.join(', ')}.` : 'It is their only admin role: they are no longer an admin.',
				'Their sessions stay signed in: sign them out everywhere (X on Sessions) if the account may be taken over.',
			].join(' '),
		affects: ['memberships'],
		journal: ({role}) => ({action: 'roles.unassign', object: {type: 'admin_role', id: role.id, label: role.roles[0] ?? role.name}}),
		async run({user, role}, mutate) {
			const outcome = await mutate((backend, options) => backend.unassignRole(user.id, role.id, options));
			return {outcome, text: (who) => `Removed the admin role ${roleWord(role)} from ${who}`};
		},
		script: {words: 'roles remove', args: '<role-assignment-id>'},
	},
};
