/** The `:` prompt: `:user <query>`, `:profile [name]`, `:activity`, `:back`, `:help`, `:quit`. */
import {startLookup} from './lookup.js';
import {goBack, openActivity, openHelp, openProfiles, requestSwitch, summary} from './app-keys.js';
import type {State, Step} from './types.js';

export const PROMPT_HELP = ':user <query> · :profile [name] · :activity · :summary [all] · :back · :help · :quit';

/** Runs one `:` command. Unknown input reopens the prompt with what went wrong, keeping the text. */
export function runPrompt(state: State, input: string): Step {
	const text = input.trim().replace(/^:/, '');
	const [word = '', ...rest] = text.split(/\s+/);
	const arg = rest.join(' ').trim();
	const again = (error: string): Step => [{...state, overlay: {type: 'command', input, error}}, []];
	switch (word.toLowerCase()) {
		case '':
			return [state, []];
		case 'u':
		case 'user':
		case 'find': {
			if (!arg) return again('which user? :user <email, id, login or name>');
			const [next, effects] = startLookup({...state, screen: 'lookup'}, arg, true);
			return [{...next, user: state.user}, effects];
		}
		case 'p':
		case 'profile': {
			if (!arg) return openProfiles(state);
			const choice = state.profiles.find((p) => p.name === arg) ?? state.profiles.find((p) => p.name.toLowerCase() === arg.toLowerCase());
			if (!choice) return again(`no profile "${arg}" (have: ${state.profiles.map((p) => p.name).join(', ') || 'none'})`);
			return requestSwitch(state, choice.name);
		}
		case 'a':
		case 'activity':
			return openActivity(state);
		case 's':
		case 'summary':
			if (arg && arg !== 'all') return again('":summary" takes nothing, or "all" to add this run\'s actions on other users');
			return summary(state, arg === 'all');
		case 'b':
		case 'back':
			return goBack(state);
		case 'h':
		case 'help':
			return openHelp(state);
		case 'q':
		case 'quit':
			return [state, [{type: 'quit'}]];
		default:
			return again(`unknown command "${word}": ${PROMPT_HELP}`);
	}
}
