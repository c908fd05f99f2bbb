/** The front proxy tests put before the emulator or a peer: the shared one in proof/src/fixtures. */
export { startFrontProxy, type FrontProxy, type FrontRequest, type Intercepted } from '../../proof/src/fixtures/frontProxy';
