/**
 * The trigger's description as n8n reads it. n8n 2.41's editor picks a node's "main auth field" and hides it from
 * the parameter panel: a parameter named `authentication`, else the first options parameter named in a
 * credential's displayOptions.show whose every option value gates a credential (editor-ui nodeTypesUtils,
 * findAlternativeAuthField). When all five sources gated their credential on `source`, Source vanished from the
 * panel. The rule is replicated here (the editor bundle is not importable); `npm run test:n8n` checks the real panel.
 * Which credential a source asks for is checked with n8n-workflow's own NodeHelpers.
 */
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { DirectoryChangeTrigger } from '../../nodes/DirectoryChangeTrigger/DirectoryChangeTrigger.node';

const description = new DirectoryChangeTrigger().description;

function mainAuthFieldCandidate(): string | null {
	const gated: Record<string, string[]> = {};
	for (const credential of description.credentials ?? []) {
		for (const [name, values] of Object.entries(credential.displayOptions?.show ?? {})) {
			gated[name] = [...(gated[name] ?? []), ...(values ?? []).map(String)];
		}
	}
	const named = description.properties.filter((property) => property.name in gated);
	const authentication = named.find((property) => property.name === 'authentication');
	if (authentication) return authentication.name;
	const alternative = named.find(
		(property) =>
			property.options?.length &&
			property.options.every((option) => !('value' in option) || typeof option.value !== 'string' || gated[property.name].includes(option.value)),
	);
	return alternative?.name ?? null;
}

test('no parameter is taken for the main auth field, so Source stays in the node panel', () => {
	expect(mainAuthFieldCandidate()).toBeNull();
});

test.each([
	['entra', 'entraDirectoryOAuth2Api'],
	['okta', 'oktaDirectoryApi'],
	['google', 'googleWorkspaceDirectoryApi'],
	['bamboohr', 'bambooHrDirectoryApi'],
	['list', 'directoryListApi'],
])('source %s (stored without the hidden List Access) asks for exactly %s', (source, credentialName) => {
	const node = { id: 'n', name: 'Directory Change Trigger', type: 'directoryChangeTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: { source } };
	const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) as INodeParameters;
	const shown = (description.credentials ?? []).filter((credential) => NodeHelpers.displayParameter(parameters, credential, node, description));
	expect(shown.map((credential) => credential.name)).toEqual([credentialName]);
});
