import type { INodeProperties } from 'n8n-workflow';

import { requestOptions } from '../common.descriptions';

export function roleLocator(): INodeProperties {
	return {
		displayName: 'Role',
		name: 'role',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchRoles', searchable: true } },
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'CEO' },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '00EXXXXXXXXXXXXXXX' },
		],
	};
}

export const roleOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [...requestOptions],
};
