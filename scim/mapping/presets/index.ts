import type { MappingPreset, PresetName } from '../types';
import { bambooHrPreset } from './bamboohr';
import { csvPreset } from './csv';
import { entraPreset } from './entra';
import { googlePreset } from './google';
import { ldapPreset } from './ldap';
import { oktaPreset } from './okta';
import { scimPreset } from './scim';

export const PRESETS: Readonly<Record<PresetName, MappingPreset>> = {
	entra: entraPreset,
	google: googlePreset,
	okta: oktaPreset,
	ldap: ldapPreset,
	bamboohr: bambooHrPreset,
	csv: csvPreset,
	scim: scimPreset,
};

export function isPresetName(name: string): name is PresetName {
	return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

export { bambooHrPreset, csvPreset, entraPreset, googlePreset, ldapPreset, oktaPreset, scimPreset };
