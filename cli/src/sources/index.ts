export * from './server';
export { EntraEmulator, type GraphUser } from './entra';
export { OktaEmulator, type OktaUser } from './okta';
export { GoogleEmulator, type GoogleUser } from './google';
export { BambooHrEmulator, type BambooEmployee } from './bamboohr';
export { ListEmulator } from './list';
