/** The IdP sequences by name. */
import type { IdpName, Sequence } from '../types';
import { entra, entra062020 } from './entra';
import { okta } from './okta';

export const SEQUENCES: Record<IdpName, Sequence> = { okta, entra, 'entra-062020': entra062020 };
